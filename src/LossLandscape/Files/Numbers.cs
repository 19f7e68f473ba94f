using System.Globalization;

namespace LossLandscape.Files;

/// <summary>Number formatting for output files: shortest round-trip form, invariant culture.</summary>
public static class Numbers
{
    /// <summary>The shortest string that parses back to the same double; <c>nan</c> for NaN and ±∞ (CSV readers take it as missing).</summary>
    public static string Format(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : NotFinite;

    /// <summary>What CSV files hold where a number is not finite.</summary>
    public const string NotFinite = "nan";

    /// <summary>Writes <paramref name="value"/> as a JSON number, or null when it is not finite (JSON has no NaN or ∞).</summary>
    public static void WriteJson(System.Text.Json.Utf8JsonWriter json, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>Replaces every non-finite number in <paramref name="node"/> (recursively) by null; returns how many.</summary>
    public static int NullNonFinite(System.Text.Json.Nodes.JsonNode? node)
    {
        var replaced = 0;
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    if (IsNonFinite(obj[key]))
                    {
                        obj[key] = null;
                        replaced++;
                    }
                    else
                    {
                        replaced += NullNonFinite(obj[key]);
                    }
                }

                break;
            case System.Text.Json.Nodes.JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsNonFinite(array[i]))
                    {
                        array[i] = null;
                        replaced++;
                    }
                    else
                    {
                        replaced += NullNonFinite(array[i]);
                    }
                }

                break;
        }

        return replaced;
    }

    /// <summary>How many of <paramref name="values"/> are NaN or ±∞.</summary>
    public static long CountNonFinite(ReadOnlySpan<double> values)
    {
        long count = 0;
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsNonFinite(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue value
        && ((value.TryGetValue<double>(out var d) && !double.IsFinite(d)) || (value.TryGetValue<float>(out var f) && !float.IsFinite(f)));

    /// <summary>An integer in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
