using System.Text.Json;
using LossLandscape.Surface;

namespace LossLandscape.Plotting.Tests;

/// <summary>
/// Made-up but plausible views input for a plane other than the weights plane: test, training and gap surfaces on a
/// non-square a, b grid and a path whose records lie off the plane (distance shrinking to 0 at the centre, the last
/// record), with true losses that differ from the surface's at their projections.
/// </summary>
internal static class PlaneSample
{
    public static readonly GridAxis AxisA = new(-1, 1, 0.05);
    public static readonly GridAxis AxisB = new(-0.8, 0.6, 0.05);

    public static double Test(double a, double b) => 0.04 + (0.6 * (a - 0.05) * (a - 0.05)) + (1.3 * b * b) + (0.08 * Math.Sin(4 * a) * Math.Cos(3 * b)) + 0.08;

    public static double Train(double a, double b) => (0.85 * Test(a, b)) - 0.01;

    public static LossSurface Surface(Func<double, double, double> f)
    {
        var values = new double[AxisA.Count * AxisB.Count];
        for (var i = 0; i < AxisA.Count; i++)
        {
            for (var j = 0; j < AxisB.Count; j++)
            {
                values[(i * AxisB.Count) + j] = f(AxisA[i], AxisB[j]);
            }
        }

        return new LossSurface(AxisA, AxisB, "a", "b", values);
    }

    public static PlaneView Plane(params SurfaceQuantities[] kinds) => new()
    {
        Surfaces = kinds.Select(k => new PlaneSurface(k, Surface(k switch
        {
            SurfaceQuantities.Test => Test,
            SurfaceQuantities.Train => Train,
            _ => (a, b) => Test(a, b) - Train(a, b),
        }))).ToArray(),
        Axis1Title = "PC1 · 72.0 % of the path's variance",
        Axis2Title = "PC2 · 19.5 % of the path's variance",
    };

    /// <summary>A path of <paramref name="records"/> records spiralling into (0, 0), <paramref name="shift"/> turning it.</summary>
    public static PathView Path(int records, string name = "SGD path", double shift = 0)
    {
        var a = new double[records];
        var b = new double[records];
        var distance = new double[records];
        for (var k = 0; k < records; k++)
        {
            var t = 1 - ((double)k / (records - 1));
            a[k] = -0.85 * t * Math.Cos((2.2 * (1 - t)) + shift);
            b[k] = 0.5 * t * Math.Sin((2.2 * (1 - t)) + 1 + shift);
            distance[k] = 1.7 * t * t;
        }

        return new PathView
        {
            Name = name,
            A = a,
            B = b,
            Distance = distance,
            SurfaceLoss = a.Zip(b, Test).ToArray(),
            SurfaceTrainLoss = a.Zip(b, Train).ToArray(),
            Loss = a.Select((x, k) => Test(x, b[k]) - (0.25 * distance[k]) + 0.05).ToArray(),
            TrainLoss = a.Select((x, k) => Train(x, b[k]) - (0.3 * distance[k]) + 0.03).ToArray(),
            Epochs = Enumerable.Range(0, records).ToArray(),
            Steps = Enumerable.Range(0, records).Select(k => k * 25).ToArray(),
        };
    }

    private static readonly JsonSerializerOptions ContextOnly = new(HtmlPage.JsonOptions) { TypeInfoResolver = FigureJsonContext.Default };

    /// <summary>
    /// The figure's JSON written with the source-generated context alone (no reflection fallback: a type it does not
    /// know throws), checked to be what <see cref="HtmlPage.ToJson"/> writes, and parsed back.
    /// </summary>
    public static JsonDocument Json(Figure figure)
    {
        var text = JsonSerializer.Serialize(figure, ContextOnly);
        Assert.Equal(HtmlPage.ToJson(figure), text);
        return JsonDocument.Parse(text);
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k], actual[k], tolerance);
        }
    }

    public static string Text(JsonElement title) => title.GetProperty("text").GetString()!;
}
