using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LossLandscape.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LossLandscape.Lab.Tests;

/// <summary>The lab in process (the test server, or Kestrel on a free loopback port for the browser) and its client.</summary>
internal sealed class LabHost : IAsyncDisposable
{
    private LabHost(WebApplication app, HttpClient client, string url)
    {
        App = app;
        Client = client;
        Url = url;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string Url { get; }

    /// <summary>Computations holding a slot now.</summary>
    public int Running => App.Services.GetRequiredService<LabEndpoints>().Running;

    /// <summary>Landscapes prepared (not taken from the cache).</summary>
    public int Prepared => App.Services.GetRequiredService<LabEndpoints>().Prepared;

    public static async Task<LabHost> StartAsync(LabServerOptions? options = null)
    {
        var app = LabServer.Build(options ?? new LabServerOptions(), builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return new LabHost(app, app.GetTestClient(), "http://localhost");
    }

    /// <summary>The lab on Kestrel, on a free loopback port, as <c>losslandscape serve</c> runs it.</summary>
    public static async Task<LabHost> StartKestrelAsync(LabServerOptions? options = null)
    {
        var app = LabServer.Build((options ?? new LabServerOptions()) with { Host = "127.0.0.1", Port = 0 });
        await app.StartAsync();
        var url = app.Urls.First();
        return new LabHost(app, new HttpClient { BaseAddress = new Uri(url) }, url);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, CancellationToken cancellationToken = default) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Starts a run and reads its stream to the end: the records and the done event.</summary>
    public async Task<(List<JsonElement> Records, JsonElement Done)> RunAsync(string json)
    {
        using var started = await PostAsync("/api/runs", json);
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        return await EventsAsync(id);
    }

    public async Task<(List<JsonElement> Records, JsonElement Done)> EventsAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var records = new List<JsonElement>();
        string? name = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (name == "done")
                {
                    return (records, data);
                }

                records.Add(data);
            }
        }

        throw new InvalidOperationException("the stream ended without a done event");
    }
}

/// <summary>The command line in process: what `run` writes for the same settings.</summary>
internal static class Cli
{
    public static string Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        var exit = CliApp.Run(args, console, error);
        Assert.True(exit == 0, $"losslandscape {string.Join(' ', args)} exited {exit}: {error}");
        return output.ToString();
    }

    /// <summary>The error line of a command that must fail with exit code 2.</summary>
    public static string Fail(params string[] args)
    {
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        Assert.Equal(2, CliApp.Run(args, console, error));
        return error.ToString().Trim();
    }

    /// <summary>Runs a command line as "Copy command" gives it (POSIX words, single quotes) into a fresh folder; returns the folder.</summary>
    public static string RunCommandLine(string commandLine)
    {
        var words = Words(commandLine);
        Assert.Equal("losslandscape", words[0]);
        var dir = Path.Combine(Path.GetTempPath(), "losslandscape-lab-tests", Guid.NewGuid().ToString("N"));
        Run([.. words.Skip(1), "--out", dir]);
        return dir;
    }

    public static List<string> Words(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line)
        {
            if (quoted)
            {
                if (c == '\'')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '\'')
            {
                quoted = true;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    public static List<Dictionary<string, double>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => double.Parse(p.Second, CultureInfo.InvariantCulture))).ToList();
    }
}
