using System.Text.Json;
using LossLandscape.Curvature;

namespace LossLandscape.Landscape;

/// <summary>
/// The full Hessian's part of analysis.json: <c>full_hessian</c> in each analysed record of <c>trajectory</c>, and the
/// top-level <c>full_hessian</c> with the settings, the stability limit, the final record's analysis (spectral density,
/// per-layer blocks, the exact spectrum of small models) and the seconds. Non-finite numbers are written as null.
/// </summary>
public static class CurvatureJson
{
    /// <summary>The analysed rows keyed by their record's index in the trajectory.</summary>
    public static IReadOnlyDictionary<int, SharpnessRecord> RowsByRecord(CurvatureResult? curvature)
    {
        var rows = new Dictionary<int, SharpnessRecord>();
        if (curvature?.Path is { } path)
        {
            for (var k = 0; k < path.Records.Count; k++)
            {
                rows[curvature.PathIndices[k]] = path.Records[k];
            }
        }

        return rows;
    }

    /// <summary>Writes one record's <c>full_hessian</c>: <c>top</c> (largest first), residuals, trace, its standard error, the stability limit.</summary>
    public static void WriteRecord(Utf8JsonWriter json, SharpnessRecord row)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(row);
        json.WritePropertyName("full_hessian");
        json.WriteStartObject();
        Array(json, "top", row.Top);
        Array(json, "residuals", row.Residuals);
        json.WriteBoolean("converged", row.Converged);
        Number(json, "trace", row.Trace?.Value);
        Number(json, "trace_stderr", row.Trace?.StandardError);
        Number(json, "stability_limit", row.StabilityLimit);
        if (row.PreconditionedSharpness is not null)
        {
            Number(json, "preconditioned_sharpness", row.PreconditionedSharpness);
            Number(json, "preconditioned_limit", row.PreconditionedLimit);
        }

        if (row.Failure is not null)
        {
            json.WriteString("failure", row.Failure);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the top-level <c>full_hessian</c>.</summary>
    public static void WriteSummary(Utf8JsonWriter json, CurvatureResult curvature)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(curvature);
        var settings = curvature.Settings;
        json.WritePropertyName("full_hessian");
        json.WriteStartObject();
        json.WriteString("method", "exact Hessian-vector products (Pearlmutter's R-operator, float64); top eigenvalues by Lanczos with full reorthogonalisation, trace by Hutchinson with Rademacher probes, density by stochastic Lanczos quadrature");
        json.WriteString("loss", settings.Loss == CurvatureLoss.Test ? "test" : "train");
        json.WriteString("curvature", curvature.Schedule?.ToString());
        json.WriteNumber("k", settings.Top);
        json.WriteNumber("iterations", settings.Iterations);
        if (settings.Trace)
        {
            json.WriteNumber("probes", settings.Probes);
        }
        else
        {
            json.WriteNull("probes");
        }

        json.WriteNumber("tolerance", settings.Tolerance);
        json.WriteNumber("seed", settings.Seed);
        json.WritePropertyName("stability");
        json.WriteStartObject();
        Number(json, "factor", curvature.Threshold.Factor);
        json.WriteBoolean("preconditioned", curvature.Threshold.Preconditioned);
        json.WriteString("note", curvature.Threshold.Note);
        json.WriteEndObject();
        if (curvature.Path is { } path)
        {
            json.WriteNumber("records", path.Records.Count);
            json.WriteNumber("unconverged_records", path.Records.Count(r => !r.Converged));
            var sharpest = path.Records.Where(r => double.IsFinite(r.Sharpness)).MaxBy(r => r.Sharpness);
            if (sharpest is not null)
            {
                Number(json, "max_sharpness", sharpest.Sharpness);
                json.WriteNumber("max_sharpness_step", sharpest.Step);
                Number(json, "stability_limit_there", sharpest.StabilityLimit);
            }
        }

        if (curvature.Final is { } final)
        {
            WriteFinal(json, final, curvature);
        }

        if (curvature.Map is { } map)
        {
            json.WritePropertyName("sharpness_surface");
            json.WriteStartObject();
            json.WriteString("where", "surface.json, key sharpness: λmax at every grid point of the plane");
            json.WriteNumber("points", map.Surface.Values.Length);
            json.WriteBoolean("converged", map.Converged);
            json.WriteNumber("mean_iterations", map.Iterations.Length == 0 ? 0 : map.Iterations.Average());
            json.WriteNumber("seconds", map.Seconds);
            json.WriteEndObject();
        }

        json.WriteNumber("seconds", curvature.PathSeconds + curvature.MapSeconds);
        json.WriteNumber("path_seconds", curvature.PathSeconds);
        json.WriteNumber("map_seconds", curvature.MapSeconds);
        json.WriteEndObject();
    }

    private static void WriteFinal(Utf8JsonWriter json, CurvatureReport final, CurvatureResult curvature)
    {
        json.WritePropertyName("final");
        json.WriteStartObject();
        if (curvature.Path is { Records.Count: > 0 } path)
        {
            json.WriteNumber("epoch", path.Records[^1].Epoch);
            json.WriteNumber("step", path.Records[^1].Step);
        }

        json.WriteNumber("parameters", final.Parameters);
        Number(json, "loss", final.Loss);
        Array(json, "top", final.Top.Values);
        Number(json, "trace", final.Trace?.Value);
        Number(json, "trace_stderr", final.Trace?.StandardError);
        Number(json, "exact_trace", final.ExactTrace);
        if (final.ExactSpectrum is { } spectrum)
        {
            Array(json, "exact_top", spectrum.Reverse().Take(final.Top.Values.Length).ToArray());
            Array(json, "exact_spectrum", spectrum);
        }

        json.WriteNumber("products", final.Products);
        json.WriteNumber("seconds", final.Seconds);
        if (final.Density is { } density)
        {
            json.WritePropertyName("spectral_density");
            json.WriteStartObject();
            json.WriteNumber("probes", density.Probes);
            json.WriteNumber("steps", density.Steps);
            json.WriteNumber("sigma", density.Sigma);
            Number(json, "mean", density.Mean);
            Array(json, "eigenvalue", density.Grid);
            Array(json, "density", density.Density);
            json.WriteEndObject();
        }

        json.WritePropertyName("layers");
        json.WriteStartArray();
        foreach (var layer in final.Layers)
        {
            json.WriteStartObject();
            json.WriteString("name", layer.Block.Name);
            json.WriteNumber("offset", layer.Block.Offset);
            json.WriteNumber("parameters", layer.Block.Length);
            Array(json, "top", layer.Top.Values);
            Number(json, "trace", layer.Trace?.Value);
            Number(json, "trace_stderr", layer.Trace?.StandardError);
            Number(json, "exact_trace", layer.ExactTrace);
            if (layer.ExactSpectrum is { } blockSpectrum)
            {
                Array(json, "exact_top", blockSpectrum.Reverse().Take(layer.Top.Values.Length).ToArray());
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var value in values)
        {
            Value(json, value);
        }

        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        Value(json, value);
    }

    private static void Value(Utf8JsonWriter json, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
