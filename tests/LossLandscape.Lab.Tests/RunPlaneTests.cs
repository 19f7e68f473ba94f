using System.Net;
using System.Text.Json;

namespace LossLandscape.Lab.Tests;

/// <summary>A finished run on another plane (POST /api/runs/{id}/plane) against what `run` writes for the command the answer gives.</summary>
public sealed class RunPlaneTests
{
    [Theory]
    [InlineData("""{"optimizer":"sgd","lr":0.1,"epochs":12,"start":[-1,-1]}""", """{"plane":"pca"}""", "--plane pca")]
    [InlineData("""{"optimizer":"adam","lr":0.05,"epochs":10,"start":[0.5,1.5]}""", """{"plane":"points:0,4,10"}""", "--plane points:0,4,10")]
    [InlineData("""{"landscape":{"layers":[1,4,1],"bias":true,"plane":"random","init-seed":2},"optimizer":"sgd","lr":0.05,"epochs":8}""", """{"plane":"pca","a-range":"-1:1:0.1","b-range":"-1:1:0.1"}""", "--plane pca")]
    [InlineData("""{"landscape":{"w1":"-1.2:-0.8:0.05","w2":"-1.2:-0.8:0.05"},"optimizer":"sgd","lr":0.1,"epochs":10,"start":[-1,-1]}""", "{}", "--w1 -1.2:-0.8:0.05")]
    public async Task ARunOnAPlaneEqualsRun(string run, string plane, string inCommand)
    {
        await using var lab = await LabHost.StartAsync();
        var id = await ApiTests.StartAsync(lab, run);
        var (records, _) = await lab.EventsAsync(id);
        using var response = await lab.PostAsync($"/api/runs/{id}/plane", plane);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var answer = JsonDocument.Parse(text);
        var command = answer.RootElement.GetProperty("command").GetString()!;
        Assert.Contains(inCommand, command, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("note").ValueKind);

        var dir = Cli.RunCommandLine(command);
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        ApiTests.AssertSame(file.RootElement, answer.RootElement.GetProperty("surface"));
        var rows = Cli.Csv(Path.Combine(dir, "trajectory.csv"));
        var projected = answer.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(records.Count, projected.Count);
        Assert.Equal(rows.Count, projected.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            foreach (var column in new[] { "a", "b", "distance", "surface_loss", "test_loss" })
            {
                ApiTests.Close(rows[k][column], projected[k].GetProperty(column).GetDouble(), $"record {k} {column}");
            }
        }

        if (plane == "{}")
        {
            // The path leaves the 8 × 8 grid: the answer's grid grew to cover it, as run's does.
            Assert.True(answer.RootElement.GetProperty("surface").GetProperty("w1").GetArrayLength() > 8);
        }
    }

    [Fact]
    public async Task TheLineThroughTheRunEqualsRunsLine()
    {
        await using var lab = await LabHost.StartAsync();
        var id = await ApiTests.StartAsync(lab, """{"optimizer":"sgd","lr":0.1,"epochs":6,"start":[-1,-1]}""");
        await lab.EventsAsync(id);
        using var response = await lab.PostAsync($"/api/runs/{id}/plane", """{"plane":"line"}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var answer = JsonDocument.Parse(text);
        var dir = Cli.RunCommandLine(answer.RootElement.GetProperty("command").GetString()!);
        var rows = Cli.Csv(Path.Combine(dir, "line.csv"));
        var line = answer.RootElement.GetProperty("line");
        Assert.Equal(rows.Count, line.GetProperty("alpha").GetArrayLength());
        for (var k = 0; k < rows.Count; k++)
        {
            ApiTests.Close(rows[k]["alpha"], line.GetProperty("alpha")[k].GetDouble(), $"alpha {k}");
            ApiTests.Close(rows[k]["test_loss"], line.GetProperty("loss")[k].GetDouble(), $"test loss {k}");
            ApiTests.Close(rows[k]["train_loss"], line.GetProperty("train_loss")[k].GetDouble(), $"training loss {k}");
        }
    }

    [Theory]
    [InlineData("""{"plane":"points:0,1"}""", "plane")]
    [InlineData("""{"plane":"points:0,1,99"}""", "plane")]
    [InlineData("""{"plane":"hessian"}""", "plane")]
    [InlineData("""{"plane":"pca","a-range":"1:0:0.1"}""", "a-range")]
    [InlineData("""{"plane":"pca","extra":1}""", null)]
    public async Task ABadPlaneIsAProblemNamingTheField(string plane, string? field)
    {
        await using var lab = await LabHost.StartAsync();
        var id = await ApiTests.StartAsync(lab, """{"epochs":3}""");
        await lab.EventsAsync(id);
        using var response = await lab.PostAsync($"/api/runs/{id}/plane", plane);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (field is not null)
        {
            Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        }

        using var missing = await lab.PostAsync("/api/runs/nope/plane", "{}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ALandscapeIsPreparedOnceForItsSurfacesAndRuns()
    {
        await using var lab = await LabHost.StartAsync();
        const string landscape = """{"samples":3000,"seed":9}""";
        for (var i = 0; i < 3; i++)
        {
            using var response = await lab.PostAsync("/api/surface", landscape);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await lab.RunAsync($$"""{"landscape":{{landscape}},"epochs":2}""");
        Assert.Equal(1, lab.Prepared);
        using var other = await lab.PostAsync("/api/surface", """{"samples":3000,"seed":10}""");
        Assert.Equal(2, lab.Prepared);
    }
}
