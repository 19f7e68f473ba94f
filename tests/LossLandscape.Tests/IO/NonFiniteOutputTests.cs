using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.Files;
using LossLandscape.Surface;

namespace LossLandscape.Tests.IO;

/// <summary>Numbers that overflowed are written as JSON null and CSV nan, never as garbage or an exception.</summary>
public sealed class NonFiniteOutputTests
{
    [Fact]
    public void SurfaceJsonWritesNullWhereTheLossIsNotFinite()
    {
        var axis = new GridAxis(0, 2, 1);
        var surface = new LossSurface(axis, axis, "w1", "w2", [1.5, double.PositiveInfinity, double.NaN, double.NegativeInfinity]);
        using var stream = new MemoryStream();
        ResultFiles.WriteSurfaceJson(stream, surface);
        Assert.Equal("{\"w1\":[0,1],\"w2\":[0,1],\"loss\":[[1.5,null],[null,null]]}", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void TrajectoryRowsWriteNanWhereANumberIsNotFinite()
    {
        var csv = new StringBuilder();
        ResultFiles.AppendRow(csv, new ResultFiles.PathRow(2, 7, 0.25, double.NaN, double.PositiveInfinity, 3, double.NegativeInfinity));
        Assert.Equal("2,7,0.25,nan,nan,3,nan\n", csv.ToString());
    }

    [Fact]
    public void ManifestNodesLoseTheirNonFiniteNumbersToNull()
    {
        var root = new JsonObject
        {
            ["finite"] = 1.25,
            ["lr"] = double.NegativeInfinity,
            ["nested"] = new JsonObject { ["loss"] = double.NaN, ["list"] = new JsonArray(1.0, double.PositiveInfinity, "text") },
        };
        Assert.Equal(3, Numbers.NullNonFinite(root));
        Assert.Equal("{\"finite\":1.25,\"lr\":null,\"nested\":{\"loss\":null,\"list\":[1,null,\"text\"]}}", root.ToJsonString());
        using var parsed = JsonDocument.Parse(root.ToJsonString());
        Assert.Equal(JsonValueKind.Null, parsed.RootElement.GetProperty("lr").ValueKind);
    }

    [Fact]
    public void CountsNonFiniteValues() =>
        Assert.Equal(3, Numbers.CountNonFinite([0, double.NaN, 1e308, double.PositiveInfinity, -double.MaxValue, double.NegativeInfinity]));
}
