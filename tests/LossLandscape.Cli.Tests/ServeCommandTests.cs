using System.Text.RegularExpressions;
using Spectre.Console;

namespace LossLandscape.Cli.Tests;

/// <summary><c>losslandscape serve</c>: its options, and the lab it starts.</summary>
public sealed partial class ServeCommandTests
{
    [Theory]
    [InlineData("--port", "70000", "error: --port: must be a whole number from 0 to 65535 (got '70000')")]
    [InlineData("--port", "http", "error: --port: must be a whole number from 0 to 65535 (got 'http')")]
    [InlineData("--host", "a b", "error: --host: 'a b' is not an IP address; give localhost, an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1")]
    [InlineData("--host", "evil.example/x", "error: --host: 'evil.example/x' is not an IP address; give localhost, an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1")]
    public void BadOptionsGetOneLineAndExitCode2(string option, string value, string line)
    {
        var (exit, _, error) = CliRunner.Run("serve", option, value);
        Assert.Equal(2, exit);
        Assert.Equal(line, error.Trim());
    }

    [Fact]
    public void HelpListsServeWithItsOptions()
    {
        Assert.Contains("serve", CliRunner.Run("--help").Out, StringComparison.Ordinal);
        var help = CliRunner.Run("serve", "--help").Out;
        Assert.Contains("--port", help, StringComparison.Ordinal);
        Assert.Contains("--host", help, StringComparison.Ordinal);
        Assert.Contains("--open", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServePrintsTheUrlServesThePageAndStopsWhenCancelled()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(() => CliApp.Run(["serve", "--port", "0"], console, error, stop.Token));
        string? url = null;
        for (var i = 0; i < 600 && url is null; i++)
        {
            await Task.Delay(50);
            lock (output)
            {
                url = Url().Match(output.ToString()) is { Success: true } m ? m.Groups[1].Value : null;
            }
        }

        Assert.NotNull(url);
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        using var client = new HttpClient();
        var page = await client.GetStringAsync(url + "/");
        Assert.Contains("LossLandscape lab", page, StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(string.Empty, error.ToString());
    }

    [GeneratedRegex(@"The landscape lab is at (http://\S+) \(")]
    private static partial Regex Url();
}
