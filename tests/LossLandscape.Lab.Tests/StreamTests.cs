using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace LossLandscape.Lab.Tests;

/// <summary>The event stream over Kestrel: each record carries its computation's time and is sent (flushed) on its own.</summary>
public sealed class StreamTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EachRecordLeavesTheServerAsSoonAsItIsComputed()
    {
        await using var lab = await LabHost.StartKestrelAsync();

        // 200,000 samples: an epoch takes milliseconds, so a stream that waited for a timer or a full buffer would show.
        using var started = await lab.PostAsync("/api/runs", """{"landscape":{"samples":200000},"epochs":8}""");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var events = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, events);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var subscribed = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        using var response = await lab.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var latencies = new List<double>();
        var computed = new List<double>();
        while (await reader.ReadLineAsync() is { } line && !line.StartsWith("event: done", StringComparison.Ordinal))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                var stamp = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("computed").GetDouble();
                latencies.Add(now - Math.Max(stamp, subscribed)); // a record computed before the client asked counts from the asking
                computed.Add(stamp);
            }
        }

        Assert.Equal(9, latencies.Count);
        Assert.True(computed.Zip(computed.Skip(1)).All(p => p.First <= p.Second), "stamps in order");
        var sorted = latencies.Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"computed → read by the client: median {sorted[sorted.Count / 2]:0.00} ms, max {sorted[^1]:0.00} ms; epochs {(computed[^1] - computed[0]) / 8:0.0} ms apart"));

        // A record waits for nothing but the write: generous bounds for a shared machine (the target is 50 ms; at a load
        // average of 12 on two cores this took 337 ms).
        Assert.All(latencies, ms => Assert.InRange(ms, -1, 3_000));
    }
}
