using System.Text.Json;
using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Planes;
using LossLandscape.Platform;

namespace LossLandscape.Landscape;

/// <summary>
/// Writes analysis.json: <c>critical_points</c> (kind, coordinates, loss, gradient norm, Hessian eigenvalues, and a note
/// for edges), <c>valley</c> (the closed-form valley floor and its lowest point) and <c>trajectory</c> (per record:
/// gradient norm, Hessian eigenvalues, sharpness λmax against 2/lr). Non-finite numbers are written as null.
/// </summary>
public static class AnalysisFile
{
    /// <summary>Writes the analysis to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SurfaceAnalysis analysis) =>
        AtomicFile.Write(path, stream => Write(stream, analysis));

    /// <summary>Writes the analysis with the full Hessian's curvature (<see cref="CurvatureJson"/>) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SurfaceAnalysis analysis, CurvatureResult? curvature) =>
        AtomicFile.Write(path, stream => Write(stream, analysis, null, curvature));

    /// <summary>
    /// Writes the analysis of a race to <paramref name="path"/> atomically: the surface's critical points and valley,
    /// and instead of one <c>trajectory</c> a <c>trajectories</c> object with each run's curvature under its label.
    /// </summary>
    public static void Write(string path, SurfaceAnalysis analysis, IReadOnlyList<(string Label, IReadOnlyList<CurvaturePoint> Points)> runs) =>
        AtomicFile.Write(path, stream => Write(stream, analysis, runs));

    /// <summary>Writes the analysis to a stream; with <paramref name="runs"/>, each run's curvature under its label.</summary>
    public static void Write(Stream stream, SurfaceAnalysis analysis, IReadOnlyList<(string Label, IReadOnlyList<CurvaturePoint> Points)>? runs = null, CurvatureResult? curvature = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        string a = analysis.Axis1Name, b = analysis.Axis2Name;
        json.WriteStartObject();
        json.WriteString("loss", "exact mean squared error over the test set, the loss the surface shows");
        json.WriteString("plane", analysis.PlaneDescription ?? analysis.Hidden switch
        {
            0 => $"θ = θ₀ + {a}·d₁ + {b}·d₂ with θ₀, d₁, d₂ as directions.json holds them",
            1 => $"{a} = the hidden weight, {b} = the output weight",
            _ => $"{a} = every one of the {analysis.Hidden} hidden weights, {b} = every output weight (the plane where all units are equal)",
        });
        json.WriteString("hessian", $"{analysis.HessianMethod}, in the coordinates ({a}, {b}); eigenvalues smaller first");

        json.WritePropertyName("critical_points");
        json.WriteStartArray();
        foreach (var point in analysis.CriticalPoints)
        {
            json.WriteStartObject();
            json.WriteString("kind", point.KindName);
            Slope(json, a, b, point.A, point.B, point.Loss, point.GradientNorm, point.Eigenvalue1, point.Eigenvalue2);
            if (point.Note is not null)
            {
                json.WriteString("note", point.Note);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WritePropertyName("valley");
        if (analysis.Valley.Count == 0)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStartObject();
            json.WriteString("formula", analysis.Hidden == 1
                ? $"best {b} for each {a}: B({a})/A({a}) with t = tanh({a}·x), A = mean(t²), B = mean(t·y); loss there = mean(y²) − B²/A"
                : $"best {b} for each {a}: B({a})/({analysis.Hidden}·A({a})) with t = tanh({a}·x), A = mean(t²), B = mean(t·y); loss there = mean(y²) − B²/A");
            var lowest = analysis.Valley.MinBy(p => p.Loss);
            json.WritePropertyName("lowest");
            json.WriteStartObject();
            Number(json, a, lowest.A);
            Number(json, b, lowest.B);
            Number(json, "loss", lowest.Loss);
            json.WriteEndObject();
            json.WritePropertyName("points");
            json.WriteStartArray();
            foreach (var point in analysis.Valley)
            {
                json.WriteStartObject();
                Number(json, a, point.A);
                Number(json, b, point.B);
                Number(json, "loss", point.Loss);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        if (runs is null)
        {
            Trajectory(json, analysis.Trajectory, a, b, CurvatureJson.RowsByRecord(curvature));
        }
        else
        {
            json.WriteString("trajectories_note", "per run, keyed by its label; the stability limit 2/lr is that of plain gradient descent at the run's learning rate (adaptive and momentum optimizers step differently)");
            json.WritePropertyName("trajectories");
            json.WriteStartObject();
            foreach (var (label, points) in runs)
            {
                json.WritePropertyName(label);
                json.WriteStartObject();
                Trajectory(json, points, a, b, null);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (curvature is not null)
        {
            CurvatureJson.WriteSummary(json, curvature);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes <c>trajectory</c> (one entry per record) and, when there are records, <c>trajectory_summary</c>.</summary>
    private static void Trajectory(Utf8JsonWriter json, IReadOnlyList<CurvaturePoint> points, string a, string b, IReadOnlyDictionary<int, Curvature.SharpnessRecord>? fullHessian)
    {
        json.WritePropertyName("trajectory");
        json.WriteStartArray();
        for (var k = 0; k < points.Count; k++)
        {
            var point = points[k];
            json.WriteStartObject();
            json.WriteNumber("epoch", point.Epoch);
            json.WriteNumber("step", point.Step);
            Slope(json, a, b, point.A, point.B, point.Loss, point.GradientNorm, point.Eigenvalue1, point.Eigenvalue2);
            Number(json, "sharpness", point.Sharpness);
            Number(json, "lr", point.LearningRate);
            Number(json, "stability_limit", point.StabilityLimit);
            json.WriteBoolean("unstable", point.Unstable);
            if (fullHessian is not null && fullHessian.TryGetValue(k, out var row))
            {
                CurvatureJson.WriteRecord(json, row);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (points.Count > 0)
        {
            var sharpest = points.MaxBy(p => p.Sharpness);
            json.WritePropertyName("trajectory_summary");
            json.WriteStartObject();
            json.WriteNumber("records", points.Count);
            json.WriteNumber("unstable_records", points.Count(p => p.Unstable));
            Number(json, "max_sharpness", sharpest.Sharpness);
            json.WriteNumber("max_sharpness_epoch", sharpest.Epoch);
            Number(json, "stability_limit_there", sharpest.StabilityLimit);
            json.WriteEndObject();
        }
    }

    /// <summary>The fields a critical point and a trajectory record share: coordinates, loss, gradient norm, Hessian eigenvalues.</summary>
    private static void Slope(Utf8JsonWriter json, string a, string b, double pointA, double pointB, double loss, double gradientNorm, double eigenvalue1, double eigenvalue2)
    {
        Number(json, a, pointA);
        Number(json, b, pointB);
        Number(json, "loss", loss);
        Number(json, "gradient_norm", gradientNorm);
        json.WritePropertyName("hessian_eigenvalues");
        json.WriteStartArray();
        Number(json, eigenvalue1);
        Number(json, eigenvalue2);
        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        Number(json, value);
    }

    private static void Number(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
