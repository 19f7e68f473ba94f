using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace LossLandscape.Lab.Tests;

/// <summary>The API in process against the files `losslandscape run` writes for the same settings.</summary>
public sealed class ApiTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"samples":2000,"seed":7,"noise-std":0.5,"w1":"-3:1:0.1","w2":"-2:2:0.08"}""")]
    [InlineData("""{"layers":[1,4,1],"bias":true,"init-seed":3,"plane":"random","direction-seed":5,"a-range":"-1:1:0.1","b-range":"-0.5:0.5:0.05","surface":"all"}""")]
    [InlineData("""{"layers":[1,3,3,1],"activation":"relu","plane":"random","normalize":"layer","precision":"float64","samples":500}""")]
    public async Task SurfaceEqualsTheSurfaceJsonRunWrites(string landscape)
    {
        await using var lab = await LabHost.StartAsync();
        using var response = await lab.PostAsync("/api/surface", landscape);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var surface = answer.RootElement.GetProperty("surface");

        // The landscape's own grid: a run's path may leave it, and run would extend it (the lab does that per run).
        var command = await CommandAsync(lab, $$"""{"landscape":{{landscape}},"epochs":2}""");
        var dir = Cli.RunCommandLine(command + " --no-extend");
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        AssertSame(file.RootElement, surface);
        Assert.True(surface.GetProperty("loss").GetArrayLength() > 10 || surface.TryGetProperty("train_loss", out _));
    }

    [Theory]
    [InlineData("""{"optimizer":"sgd","start":[-1,-1]}""")]
    [InlineData("""{"optimizer":"adam","lr":0.05,"start":[0.5,1.25],"epochs":12,"batch-size":64}""")]
    [InlineData("""{"landscape":{"samples":1000,"w1":"-3:3:0.1"},"optimizer":"rmsprop","lr":0.01,"momentum":0.5,"record":"steps","epochs":2,"start":[-1.5,0.5]}""")]
    [InlineData("""{"landscape":{"layers":[1,4,1],"bias":true,"plane":"random","init-seed":2},"optimizer":"sgd","lr":0.05,"momentum":0.9,"schedule":"step","step-size":5,"gamma":0.5,"epochs":15}""")]
    [InlineData("""{"landscape":{"layers":[1,4,1],"bias":true,"plane":"random","init-seed":2},"optimizer":"adam","lr":0.02,"epochs":6,"start":[0.375,-0.25]}""")]
    [InlineData("""{"landscape":{"layers":[1,3,1],"activation":"tanh","bias":true},"optimizer":"sgd","lr":0.005,"epochs":3,"start":[-0.25,0.125]}""")]
    public async Task RunStreamsTheTrajectoryRunWrites(string run)
    {
        await using var lab = await LabHost.StartAsync();
        var (records, done) = await lab.RunAsync(run);
        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.Equal(records.Count, done.GetProperty("records").GetInt32());

        // The records do not depend on the grid; a path far out on a random plane would grow run's grid a long way.
        var dir = Cli.RunCommandLine(await CommandAsync(lab, run) + " --no-extend");
        var rows = Cli.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal(rows.Count, records.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            Assert.Equal(k, records[k].GetProperty("index").GetInt32());
            foreach (var (column, field) in new[] { ("epoch", "epoch"), ("step", "step"), ("a", "a"), ("b", "b"), ("test_loss", "test_loss"), ("train_loss", "train_loss"), ("lr", "lr"), ("distance", "distance"), ("surface_loss", "surface_loss") })
            {
                Close(rows[k][column], records[k].GetProperty(field).GetDouble(), $"record {k} {column}");
            }
        }
    }

    [Fact]
    public async Task ASecondRunRacesTheFirstOnItsOwnStream()
    {
        await using var lab = await LabHost.StartAsync();
        var first = await StartAsync(lab, """{"optimizer":"sgd","epochs":60}""");
        var second = await StartAsync(lab, """{"optimizer":"adam","lr":0.05,"epochs":60}""");
        var a = lab.EventsAsync(first);
        var b = lab.EventsAsync(second);
        var (ra, da) = await a;
        var (rb, db) = await b;
        Assert.Equal(61, ra.Count);
        Assert.Equal(61, rb.Count);
        Assert.Equal("finished", da.GetProperty("status").GetString());
        Assert.Equal("finished", db.GetProperty("status").GetString());
        Assert.NotEqual(ra[^1].GetProperty("a").GetDouble(), rb[^1].GetProperty("a").GetDouble());
    }

    [Theory]
    [InlineData("""{"optimizer":"adam","lr":0.02,"epochs":4,"start":[1,-0.5]}""")]
    [InlineData("""{"landscape":{"layers":[1,3,1],"bias":true,"plane":"random","init-seed":2,"surface":"all","a-range":"-1:1:0.1","b-range":"-1:1:0.1"},"optimizer":"sgd","lr":0.05,"epochs":3}""")]
    public async Task DownloadHoldsTheFilesRunWrites(string json)
    {
        await using var lab = await LabHost.StartAsync(new LabServerOptions { DescribeRun = LossLandscape.Cli.Commands.LabRunSettings.Describe });
        var id = await StartAsync(lab, json);
        var (records, _) = await lab.EventsAsync(id);
        using var zip = new System.IO.Compression.ZipArchive(await lab.Client.GetStreamAsync($"/api/runs/{id}/download"));
        var command = await CommandAsync(lab, json);
        var dir = Cli.RunCommandLine(command);
        var written = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Where(n => n != IO.RunFolder.MarkerName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(written.Append("command.txt").Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Contains("landscape.html", written);
        Assert.Contains("analysis.json", written);
        string Text(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        Assert.Equal(command + "\n", Text("command.txt"));
        foreach (var name in written.Where(n => n != "run.json"))
        {
            using var entry = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            Assert.True(File.ReadAllBytes(Path.Combine(dir, name)).AsSpan().SequenceEqual(copy.ToArray()), $"{name} differs from run's");
        }

        // run.json: the same options, resolved values and results; only the times, the date and the output folder differ.
        var ours = System.Text.Json.Nodes.JsonNode.Parse(Text("run.json"))!.AsObject();
        var theirs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!.AsObject();
        Assert.Equal(theirs["seconds"]!.AsObject().Select(p => p.Key), ours["seconds"]!.AsObject().Select(p => p.Key));
        foreach (var json2 in new[] { ours, theirs })
        {
            json2.Remove("seconds");
            json2.Remove("created_utc");
            json2["options"]!.AsObject().Remove("out");
        }

        Assert.Equal(theirs.ToJsonString(), ours.ToJsonString());
        Assert.Equal(records.Count, Cli.Csv(Path.Combine(dir, "trajectory.csv")).Count);
    }

    [Fact]
    public async Task CommandRacesRunsFromOneStartWithCompare()
    {
        await using var lab = await LabHost.StartAsync();
        var command = await CommandAsync(lab, """{"optimizer":"sgd","lr":0.02,"start":[-1,-1],"epochs":5}""", """{"optimizer":"adam","lr":0.05,"start":[-1,-1],"epochs":5}""");
        Assert.Equal("losslandscape compare --init -1,-1 --epochs 5 --run 'sgd --lr 0.02' --run 'adam --lr 0.05'", command);
        var single = await CommandAsync(lab, """{"landscape":{"seed":3,"w1":"-1:1:0.1"},"optimizer":"sgd","nesterov":true,"momentum":0.9,"start":[0.25,-2e-7]}""");
        Assert.Equal("losslandscape run --seed 3 --w1 -1:1:0.1 --init 0.25,-2E-07 --optimizer sgd --momentum 0.9 --nesterov", single);
    }

    [Fact]
    public async Task StopEndsARunAndFreesItsSlot()
    {
        await using var lab = await LabHost.StartAsync();
        var id = await StartAsync(lab, """{"landscape":{"samples":200000},"epochs":1000}""");
        await Task.Delay(300);
        using var stop = await lab.Client.PostAsync($"/api/runs/{id}/stop", null);
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        var (records, done) = await lab.EventsAsync(id);
        Assert.Equal("stopped", done.GetProperty("status").GetString());
        Assert.InRange(records.Count, 1, 1000);
        await WaitAsync(() => lab.Running == 0, TimeSpan.FromSeconds(1));
        using var delete = await lab.Client.DeleteAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await lab.Client.GetAsync($"/api/runs/{id}/events");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenapiListsEveryEndpoint()
    {
        await using var lab = await LabHost.StartAsync();
        using var document = JsonDocument.Parse(await lab.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var listed = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        var endpoints = lab.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();
        Assert.Equal(9, endpoints.Count);
        Assert.All(endpoints, e => Assert.Contains(e, listed));
        var events = paths.GetProperty("/api/runs/{id}/events").GetProperty("get");
        Assert.Equal("id", events.GetProperty("parameters")[0].GetProperty("name").GetString());
        var run = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("RunRequest").GetProperty("properties");
        Assert.True(run.TryGetProperty("batch-size", out _));
        Assert.True(run.TryGetProperty("weight-decay", out _));
    }

    [Fact]
    public async Task EveryLabOptionOfTheCatalogueIsARequestFieldInTheOpenapiSchemaAndInApiOptions()
    {
        await using var lab = await LabHost.StartAsync();
        using var document = JsonDocument.Parse(await lab.Client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var fields = schemas.GetProperty("RunRequest").GetProperty("properties").EnumerateObject()
            .Concat(schemas.GetProperty("LandscapeRequest").GetProperty("properties").EnumerateObject())
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var offered = LossLandscape.Options.OptionCatalogue.For(LossLandscape.Options.OptionCommands.Lab);
        Assert.NotEmpty(offered);
        Assert.All(offered, o => Assert.Contains(o.Name, fields));
        Assert.Contains("rmsprop-alpha", fields);
        Assert.DoesNotContain("alpha", fields);

        using var options = JsonDocument.Parse(await lab.Client.GetStringAsync("/api/options"));
        Assert.Equal(offered.Select(o => o.Name), options.RootElement.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var lr = options.RootElement.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "lr");
        Assert.Equal("Training", lr.GetProperty("group").GetString());
        Assert.Equal("number", lr.GetProperty("type").GetString());
        Assert.True(lr.GetProperty("per-run").GetBoolean());
        var optimizer = options.RootElement.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "optimizer");
        Assert.Equal(["sgd", "adam", "adamw", "rmsprop", "adagrad"], optimizer.GetProperty("allowed").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task RmspropAlphaIsTheRequestFieldOfTheSmoothingConstant()
    {
        await using var lab = await LabHost.StartAsync();
        var command = await CommandAsync(lab, """{"optimizer":"rmsprop","rmsprop-alpha":0.9,"epochs":1}""");
        Assert.Contains("--rmsprop-alpha 0.9", command, StringComparison.Ordinal);
        using var refused = await lab.PostAsync("/api/runs", """{"optimizer":"rmsprop","rmsprop-alpha":1.5,"epochs":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("rmsprop-alpha", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static async Task<string> CommandAsync(LabHost lab, params string[] runs)
    {
        using var response = await lab.PostAsync("/api/command", $$"""{"runs":[{{string.Join(',', runs)}}]}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("command").GetString()!;
    }

    internal static async Task<string> StartAsync(LabHost lab, string run)
    {
        using var response = await lab.PostAsync("/api/runs", run);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    internal static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not within {limit.TotalSeconds} s");
            await Task.Delay(10);
        }
    }

    internal static void AssertSame(JsonElement expected, JsonElement actual, string path = "$")
    {
        Assert.Equal(expected.ValueKind, actual.ValueKind);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSame(property.Value, actual.GetProperty(property.Name), path + "." + property.Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSame(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                Close(expected.GetDouble(), actual.GetDouble(), path);
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    internal static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: {actual} differs from run's {expected}");
}
