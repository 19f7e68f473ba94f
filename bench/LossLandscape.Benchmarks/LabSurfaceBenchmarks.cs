using System.Text;
using BenchmarkDotNet.Attributes;
using LossLandscape.Lab;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace LossLandscape.Benchmarks;

/// <summary>
/// The lab's <c>POST /api/surface</c> for the seed on a 200 × 200 grid (the target: answered in ≤ 50 ms server time), in
/// process on the test server: the whole request (reading and checking the body, the gate, the cached landscape, the
/// 40,000-point surface, writing the 728 KB answer in shortest round-trip form), without sockets.
/// </summary>
[WarmupCount(3)]
[IterationCount(15)]
public class LabSurface
{
    private const string Request200 = """{"w1":"-2:2:0.02","w2":"-2:2:0.02"}""";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = LabServer.Build(new LabServerOptions(), builder => builder.WebHost.UseTestServer());
        _app.StartAsync().GetAwaiter().GetResult();
        _client = _app.GetTestClient();
        _ = Post(Request200); // the landscape (data, model) is prepared once and cached, as for a page's second surface
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }

    [Benchmark(Description = "POST /api/surface, seed, 200 × 200")]
    public int Surface200() => Post(Request200);

    [Benchmark(Description = "POST /api/surface, defaults (the page's first surface)")]
    public int SurfaceDefault() => Post("{}");

    private int Post(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = _client.PostAsync("/api/surface", content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
    }
}
