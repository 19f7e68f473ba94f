using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>Parses option values with messages that name the option and what is allowed.</summary>
public static class OptionValue
{
    /// <summary>A finite number (invariant culture).</summary>
    public static double Double(string option, string? text)
    {
        if (text is null || !double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new UsageException($"{option}: '{text}' is not a finite number");
        }

        return value;
    }

    /// <summary>A whole number.</summary>
    public static int Int(string option, string? text)
    {
        if (text is null || !int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"{option}: '{text}' is not a whole number");
        }

        return value;
    }

    /// <summary>A seed: a whole number from 0 to 4294967295.</summary>
    public static uint Seed(string option, string? text)
    {
        if (text is null || !uint.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"{option}: '{text}' is not a whole number from 0 to 4294967295");
        }

        return value;
    }

    /// <summary>Exactly <paramref name="count"/> comma-separated finite numbers.</summary>
    public static double[] List(string option, string? text, int count, string shape)
    {
        var parts = (text ?? string.Empty).Split(',');
        if (parts.Length != count)
        {
            throw new UsageException($"{option}: '{text}' must be exactly {count} numbers, {shape}");
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new UsageException($"{option}: '{text}' must be exactly {count} numbers, {shape}");
            }
        }

        return values;
    }

    /// <summary>A grid axis START:STOP:STEP.</summary>
    public static GridAxis Axis(string option, string? text)
    {
        try
        {
            return GridAxis.Parse(text ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new UsageException($"{option}: '{text}' must be START:STOP:STEP with three numbers, e.g. -2:2:0.05");
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    /// <summary>One of a fixed set of words (case-insensitive); the allowed words come from the enum, in kebab case.</summary>
    public static TEnum Choice<TEnum>(string option, string? text)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Word(value), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new UsageException($"{option}: '{text}' is not allowed; use one of {string.Join('|', Enum.GetValues<TEnum>().Select(v => Word(v)))}");
    }

    /// <summary>The word for an enum value: its name in kebab case.</summary>
    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var chars = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                chars.Append('-');
            }

            chars.Append(char.ToLowerInvariant(name[i]));
        }

        return chars.ToString();
    }
}
