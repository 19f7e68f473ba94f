using System.Text.Json;
using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Tests.Planes;

namespace LossLandscape.Tests.IO;

public sealed class DirectionsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("directions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A PCA plane of a reference case written and read back: the same vectors bit for bit and the documented fields.</summary>
    [Fact]
    public void PcaDirectionsRoundTrip()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, c.Layout, c.Records);
        var path = Path.Combine(_folder, "directions.json");
        DirectionsFile.Write(path, directions);

        using (var json = JsonDocument.Parse(File.ReadAllText(path)))
        {
            var root = json.RootElement;
            Assert.Equal("pca", root.GetProperty("plane").GetString());
            Assert.Equal("ignore", root.GetProperty("biases").GetString());
            Assert.Equal("final", root.GetProperty("center").GetString());
            Assert.False(root.TryGetProperty("normalize", out _));
            Assert.False(root.TryGetProperty("direction_seed", out _));
            Assert.Equal(2, root.GetProperty("explained_variance_ratio").GetArrayLength());
            Assert.Equal(c.Layout.Count, root.GetProperty("d1").GetArrayLength());
            var parameters = root.GetProperty("parameters").EnumerateArray().ToArray();
            Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], parameters.Select(p => p.GetProperty("name").GetString()));
            Assert.Equal([8, 1], parameters[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(16, parameters[2].GetProperty("offset").GetInt32());
        }

        var read = DirectionsFile.Read(path, c.Layout);
        Assert.Equal(PlaneKind.Pca, read.Kind);
        Assert.Equal(directions.Plane!.Origin, read.Plane!.Origin);
        Assert.Equal(directions.Plane.Direction1, read.Plane.Direction1);
        Assert.Equal(directions.Plane.Direction2, read.Plane.Direction2);
        Assert.Equal(directions.ExplainedVarianceRatio, read.ExplainedVarianceRatio);
        Assert.Equal(directions.Project(c.Records), read.Project(c.Records));
    }

    [Fact]
    public void RandomAndLineDirectionsRoundTrip()
    {
        var layout = ModelLayout.ForMlp([1, 4, 1], bias: true);
        var random = new Random(2);
        var path = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, layout.Count).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var file = Path.Combine(_folder, "random.json");
        var spec = new PlaneSpec { Kind = PlaneKind.Random, DirectionSeed = 7, Normalize = DirectionNormalization.Model, Biases = BiasTreatment.Keep };
        DirectionsFile.Write(file, PlaneBuilder.Build(spec, layout, path));
        var read = DirectionsFile.Read(file, layout);
        Assert.Equal((DirectionNormalization.Model, BiasTreatment.Keep, 7u, "final"), (read.Normalize!.Value, read.Biases!.Value, read.DirectionSeed!.Value, read.Center));
        Assert.Equal(PlaneBuilder.Build(spec, layout, path).Plane!.Direction2, read.Plane!.Direction2);

        var line = Path.Combine(_folder, "line.json");
        DirectionsFile.Write(line, PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Line }, layout, path));
        var readLine = DirectionsFile.Read(line, layout);
        Assert.Equal(PlaneKind.Line, readLine.Kind);
        Assert.Equal(path[0], readLine.Line!.From);
        for (var i = 0; i < layout.Count; i++)
        {
            Assert.Equal(path[^1][i], readLine.Line.To[i], 1e-15);
        }
    }

    /// <summary>Reading checks the parameter names, shapes and counts against the model.</summary>
    [Fact]
    public void DirectionsForAnotherModelAreRefused()
    {
        var layout = ModelLayout.ForMlp([1, 4, 1], bias: true);
        var path = Path.Combine(_folder, "directions.json");
        var records = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, layout.Count).Select(j => (double)((i * j) + i + 1)).ToArray()).ToArray();
        DirectionsFile.Write(path, PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random }, layout, records));

        var noBias = Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(path, ModelLayout.ForMlp([1, 4, 1], bias: false)));
        Assert.Equal("directions", noBias.Option);
        Assert.Contains("0.bias [4]", noBias.Message, StringComparison.Ordinal);
        Assert.Equal("directions", Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(path, ModelLayout.ForMlp([1, 5, 1], bias: true))).Option);

        // Hand-edited files: a short vector, an unknown plane, not JSON, missing.
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"plane\": \"random\"", "\"plane\": \"sphere\"", StringComparison.Ordinal));
        Assert.Contains("sphere", Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(path, layout)).Message, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(text))
        {
            var d1 = json.RootElement.GetProperty("d1").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            File.WriteAllText(path, text.Replace(JsonSerializer.Serialize(d1[0]) + ",", string.Empty, StringComparison.Ordinal));
        }

        Assert.Contains("entries; the model has 13 parameters", Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(path, layout)).Message, StringComparison.Ordinal);
        File.WriteAllText(path, "not json");
        Assert.Equal("directions", Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(path, layout)).Option);
        Assert.Equal("directions", Assert.Throws<InvalidOptionException>(() => DirectionsFile.Read(Path.Combine(_folder, "none.json"), layout)).Option);
    }
}
