using System.Net;
using System.Text;
using System.Text.Json;

namespace LossLandscape.Lab.Tests;

/// <summary>Every bad field gets RFC 7807 problem+json naming it, with the command line's message; the server keeps serving.</summary>
public sealed class ProblemTests
{
    [Theory]
    [InlineData("/api/surface", """{"samples":0}""", "samples", "must be between 2 and 1000000 in the lab (got 0)")]
    [InlineData("/api/surface", """{"samples":2000000}""", "samples", "must be between 2 and 1000000 in the lab (got 2000000)")]
    [InlineData("/api/surface", """{"samples":"many"}""", "samples", "must be a whole number (JSON number without fraction)")]
    [InlineData("/api/surface", """{"samples":1e300}""", "samples", null)]
    [InlineData("/api/surface", """{"samples":2.5}""", "samples", null)]
    [InlineData("/api/surface", """{"seed":-1}""", "seed", "must be a whole number from 0 to 4294967295")]
    [InlineData("/api/surface", """{"noise-std":-1}""", "noise-std", "must be between 0 and 1e6 (got -1)")]
    [InlineData("/api/surface", """{"x-std":1e308}""", "x-std", null)]
    [InlineData("/api/surface", """{"x-mean":1e400}""", "x-mean", null)]
    [InlineData("/api/surface", """{"test-fraction":1}""", "test-fraction", "must be strictly between 0 and 1 (got 1)")]
    [InlineData("/api/surface", """{"w1":"2:1:0.1"}""", "w1", null)]
    [InlineData("/api/surface", """{"w1":"-2:2:0.0000001"}""", "w1", null)]
    [InlineData("/api/surface", """{"w1":"-2:2:0.001","w2":"-2:2:0.001"}""", "w1", "the grid has 16000000 points; at most 1000000 in the lab")]
    [InlineData("/api/surface", """{"w1":"a:b:c"}""", "w1", null)]
    [InlineData("/api/surface", """{"plane":"pca"}""", "plane", null)]
    [InlineData("/api/surface", """{"plane":"../../etc/passwd"}""", "plane", null)]
    [InlineData("/api/surface", """{"activation":"swish"}""", "activation", "'swish' is not allowed; use one of tanh|relu|sigmoid|gelu|linear")]
    [InlineData("/api/surface", """{"layers":[1,400,400,1]}""", "layers", null)]
    [InlineData("/api/surface", """{"layers":[1,0,1]}""", "layers", null)]
    [InlineData("/api/surface", """{"surface":"both"}""", "surface", null)]
    [InlineData("/api/surface", """{"a-range":"-1:1:0.1"}""", "a-range", null)]
    [InlineData("/api/surface", """{"bogus":1}""", "bogus", "is not a field of this request; the fields are named as the options of losslandscape run (see /openapi/v1.json)")]
    [InlineData("/api/surface", """{"layers":"1,2,1"}""", "layers", "must be an array of whole numbers")]
    [InlineData("/api/runs", """{"lr":-1}""", "lr", null)]
    [InlineData("/api/runs", """{"lr":"NaN"}""", "lr", "must be a finite number")]
    [InlineData("/api/runs", """{"epochs":5000}""", "epochs", "must be between 0 and 1000 in the lab (got 5000)")]
    [InlineData("/api/runs", """{"optimizer":"lion"}""", "optimizer", "'lion' is not allowed; use one of sgd|adam|adamw|rmsprop|adagrad")]
    [InlineData("/api/runs", """{"optimizer":"adam","momentum":0.9}""", "momentum", null)]
    [InlineData("/api/runs", """{"start":[1]}""", "start", "must be two plane coordinates [a, b] (got 1 numbers)")]
    [InlineData("/api/runs", """{"start":[1e7,0]}""", "start", null)]
    [InlineData("/api/runs", """{"batch-size":0}""", "batch-size", null)]
    [InlineData("/api/runs", """{"schedule":"step"}""", "schedule", null)]
    [InlineData("/api/runs", """{"record":"always"}""", "record", null)]
    [InlineData("/api/runs", """{"landscape":{"samples":1}}""", "samples", null)]
    [InlineData("/api/runs", """{"landscape":{"nope":1}}""", "nope", "is not a field of this request; the fields are named as the options of losslandscape run (see /openapi/v1.json)")]
    [InlineData("/api/command", """{"runs":[{"lr":0}]}""", "lr", null)]
    public async Task ABadFieldGetsAProblemNamingIt(string path, string body, string field, string? message)
    {
        await using var lab = await LabHost.StartAsync();
        using var response = await lab.PostAsync(path, body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith(field + ": ", detail, StringComparison.Ordinal);
        if (message is not null)
        {
            Assert.Equal($"{field}: {message}", detail);
        }
    }

    [Theory]
    [InlineData("""{"noise-std":-1}""", "--noise-std", "-1")]
    [InlineData("""{"test-fraction":1}""", "--test-fraction", "1")]
    [InlineData("""{"x-std":0}""", "--x-std", "0")]
    public async Task TheMessageIsTheCommandLines(string body, string option, string value)
    {
        await using var lab = await LabHost.StartAsync();
        using var response = await lab.PostAsync("/api/surface", body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var cli = Cli.Fail("run", option, value, "--out", Path.Combine(Path.GetTempPath(), "losslandscape-lab-tests", Guid.NewGuid().ToString("N")));
        Assert.Equal(cli, "error: --" + problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("", null)]
    [InlineData("null", null)]
    [InlineData("[1,2]", null)]
    [InlineData("""{"samples":NaN}""", "samples")]
    [InlineData("""{"samples":10000,"samples":10}""", null)]
    public async Task MalformedJsonGets400(string body, string? field)
    {
        await using var lab = await LabHost.StartAsync();
        using var response = await lab.PostAsync("/api/surface", body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task OtherMediaTypesOversizedBodiesAndUnknownRunsAreRefused()
    {
        await using var lab = await LabHost.StartAsync();
        using (var text = await lab.Client.PostAsync("/api/surface", new StringContent("{}", Encoding.UTF8, "text/plain")))
        {
            await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        }

        using (var huge = await lab.PostAsync("/api/surface", "{\"surface\":\"" + new string('x', 70_000) + "\"}"))
        {
            await ProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var chunked = await lab.Client.PostAsync("/api/surface", new StreamContent(new MemoryStream(new byte[100_000])) { Headers = { ContentType = new("application/json") } }))
        {
            await ProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge);
        }

        foreach (var path in new[] { "/api/runs/nope/events", "/api/runs/nope/download" })
        {
            using var missing = await lab.Client.GetAsync(path);
            await ProblemAsync(missing, HttpStatusCode.NotFound);
        }

        using var surface = await lab.PostAsync("/api/surface", "{}");
        Assert.Equal(HttpStatusCode.OK, surface.StatusCode);
    }

    [Fact]
    public async Task AThousandRapidBadRequestsEachGet4xxAndTheServerKeepsServing()
    {
        await using var lab = await LabHost.StartAsync();
        var bodies = new[] { "{", """{"samples":-5}""", """{"bogus":true}""", """{"w1":"x"}""", "[]" };
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            using var response = await lab.PostAsync("/api/surface", bodies[i % bodies.Length]);
            return (int)response.StatusCode;
        });
        var codes = await Task.WhenAll(tasks);
        Assert.All(codes, c => Assert.InRange(c, 400, 499));
        using var ok = await lab.PostAsync("/api/surface", "{}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task AnswersCarryTheSecurityHeadersAndNoCors()
    {
        await using var lab = await LabHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Origin", "http://evil.example");
        using var page = await lab.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/surface");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await lab.Client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/");
        rebound.Headers.Host = "evil.example";
        using var misdirected = await lab.Client.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, misdirected.StatusCode);

        using var script = await lab.Client.GetAsync("/plotly.min.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1_000_000);

        // Revalidated on every load: the same ETag gets 304 and no body (the browser keeps its copy and compiled code).
        var tag = script.Headers.ETag;
        Assert.NotNull(tag);
        Assert.False(tag.IsWeak);
        Assert.Contains("no-cache", script.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/plotly.min.js");
        again.Headers.IfNoneMatch.Add(tag);
        using var unchanged = await lab.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        using var other = new HttpRequestMessage(HttpMethod.Get, "/lab.js");
        other.Headers.IfNoneMatch.Add(tag);
        using var changed = await lab.Client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode} [{text}] {response.Headers} {response.Content.Headers}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
