using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Lab;
using Microsoft.Extensions.Hosting;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// <c>losslandscape serve</c>: parses --port, --host and --open and starts the lab (<see cref="LabServer"/>). The lab's
/// types are touched only inside the action, so other commands never load ASP.NET Core.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The command with its options; <paramref name="output"/> gets the URL, <paramref name="error"/> the warning.</summary>
    public static Command Create(Func<TextWriter> output, Func<TextWriter> error, CancellationToken cancellationToken)
    {
        var port = new Option<string>("--port") { Description = "Port to listen on (0 to 65535; 0 picks a free one)", HelpName = "PORT", DefaultValueFactory = _ => "5000" };
        var host = new Option<string>("--host") { Description = "Address to bind: localhost or an IP address; one that is not loopback needs --allow-remote", HelpName = "ADDRESS", DefaultValueFactory = _ => "127.0.0.1" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a --host that is not loopback: the lab has no authentication, so everyone who can reach it can use it", Arity = ArgumentArity.Zero };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser", Arity = ArgumentArity.Zero };
        var command = new Command(
            "serve",
            "The landscape lab: a local page to explore surfaces and race optimizers live, on the same computations as run."
                + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine + "  losslandscape serve" + Environment.NewLine + "  losslandscape serve --port 8080 --open")
        {
            port,
            host,
            allowRemote,
            open,
        };
        command.SetAction(parseResult =>
        {
            var portText = parseResult.GetValue(port) ?? "5000";
            if (!int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number is < 0 or > 65535)
            {
                throw new UsageException($"--port: must be a whole number from 0 to 65535 (got '{portText}')");
            }

            var address = parseResult.GetValue(host) ?? "127.0.0.1";
            return Serve(address, number, parseResult.GetValue(allowRemote), parseResult.GetValue(open), output(), error(), cancellationToken);
        });
        return command;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Serve(string host, int port, bool allowRemote, bool open, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new LabServerOptions { Host = host, Port = port, AllowRemote = allowRemote, DescribeRun = LabRunSettings.Describe };
        using var app = LabServer.Build(options);
        try
        {
            app.StartAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new UsageException($"--port: cannot listen on {LabServer.Url(host, port)}: {e.Message}", e);
        }

        var url = app.Urls.FirstOrDefault() ?? LabServer.Url(host, port);
        output.WriteLine($"The landscape lab is at {url} (Ctrl+C stops it).");
        if (!options.IsLoopback)
        {
            error.WriteLine($"warning: --host {host} is not a loopback address and the lab has no authentication: anyone who can reach it can use the lab and the machine's processors.");
        }

        if (open)
        {
            try
            {
                using var browser = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                error.WriteLine($"note: no default browser could be opened ({e.Message}); open {url} yourself.");
            }
        }

        app.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
        return 0;
    }
}
