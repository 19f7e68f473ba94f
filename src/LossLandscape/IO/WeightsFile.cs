using System.Globalization;
using System.Text.Json;
using LossLandscape.Models;

namespace LossLandscape.IO;

/// <summary>
/// Reads one parameter vector from a weights file: <c>FILE.npy</c> (a single row or a 1-D array), <c>FILE.npy:ROW</c>
/// (row ROW of a records × parameters array, as weights.npy holds; negative rows count from the end), or a JSON file
/// holding one flat array of numbers. Every error names the field (e.g. <c>init-weights</c>, <c>center</c>).
/// </summary>
public static class WeightsFile
{
    /// <summary>The vector <paramref name="spec"/> names, checked to have <paramref name="layout"/>'s parameter count.</summary>
    public static double[] Read(string spec, ModelLayout layout, string field)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(layout);
        var (path, row) = Split(spec);
        var colon = spec.LastIndexOf(':');
        if (row is null && colon > 0 && !File.Exists(spec) && double.TryParse(spec.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidOptionException(field, $"{spec}: the row after ':' must be a whole number (0, 1, … or -1 for the last), not '{spec[(colon + 1)..]}'");
        }

        double[] vector;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (row is not null)
            {
                throw new InvalidOptionException(field, $"{spec}: a row can be chosen in a .npy file only");
            }

            vector = ReadJson(path, field);
        }
        else
        {
            var rows = NpyFile.Read(path, field);
            if (row is null && rows.Length != 1)
            {
                throw new InvalidOptionException(field, $"{path} holds {rows.Length} rows; choose one as {path}:ROW (0..{rows.Length - 1}, or -1 for the last)");
            }

            var index = row ?? 0;
            if (index < 0)
            {
                index += rows.Length;
            }

            if (index < 0 || index >= rows.Length)
            {
                throw new InvalidOptionException(field, $"{spec}: row {row} is out of range: {path} holds rows 0..{rows.Length - 1}");
            }

            vector = rows[index];
        }

        if (vector.Length != layout.Count)
        {
            throw new InvalidOptionException(field, $"{spec} has {vector.Length} parameters; the model has {layout.Count}");
        }

        if (!vector.All(double.IsFinite))
        {
            throw new InvalidOptionException(field, $"{spec} holds a value that is not finite");
        }

        return vector;
    }

    /// <summary>Splits <c>FILE:ROW</c> into the file and the row (null when no integer follows the last colon).</summary>
    public static (string Path, int? Row) Split(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.LastIndexOf(':');
        if (colon > 0 && int.TryParse(spec.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var row))
        {
            return (spec[..colon], row);
        }

        return (spec, null);
    }

    /// <summary>A JSON file holding one flat array of numbers.</summary>
    public static double[] ReadJson(string path, string field)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var document = JsonDocument.Parse(InputFile.ReadAllBytes(path, field, Limits.MaxWeightsFileBytes));
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOptionException(field, $"{path} must hold one JSON array of numbers");
            }

            return document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number
                ? e.GetDouble()
                : throw new InvalidOptionException(field, $"{path} must hold one JSON array of numbers; it holds {e.ValueKind}")).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            throw new InvalidOptionException(field, $"cannot read {path}: {e.Message}");
        }
    }
}
