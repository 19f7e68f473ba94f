using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Options;

/// <summary>The parsers of option text; each error names the option and says what is allowed.</summary>
public static class OptionParse
{
    /// <summary>A finite number (invariant culture).</summary>
    public static double Double(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new InvalidOptionException(option, $"'{text}' is not a finite number");
        }

        return value;
    }

    /// <summary>A whole number.</summary>
    public static int Int(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidOptionException(option, $"'{text}' is not a whole number");
        }

        return value;
    }

    /// <summary>A seed: a whole number from 0 to 4294967295.</summary>
    public static uint Seed(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!uint.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidOptionException(option, $"'{text}' is not a whole number from 0 to 4294967295");
        }

        return value;
    }

    /// <summary>Exactly <paramref name="count"/> comma-separated finite numbers, shaped as <paramref name="shape"/> says.</summary>
    public static double[] Numbers(string option, string text, int count, string shape)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        var values = new double[count];
        if (parts.Length != count)
        {
            throw new InvalidOptionException(option, $"'{text}' must be exactly {count} numbers, {shape}");
        }

        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new InvalidOptionException(option, $"'{text}' must be exactly {count} numbers, {shape}");
            }
        }

        return values;
    }

    /// <summary>A grid axis START:STOP:STEP.</summary>
    public static GridAxis Axis(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return GridAxis.Parse(text);
        }
        catch (FormatException)
        {
            throw new InvalidOptionException(option, $"'{text}' must be START:STOP:STEP with three numbers, e.g. -2:2:0.05");
        }
        catch (ArgumentException e) when (e is not InvalidOptionException)
        {
            throw new InvalidOptionException(option, e.Message);
        }
    }

    /// <summary>The value paired with the word <paramref name="text"/> (case-insensitive); the error lists the words.</summary>
    public static T Word<T>(string option, string text, params (string Word, T Value)[] choices)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(choices);
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new InvalidOptionException(option, $"'{text}' is not allowed; use one of {string.Join('|', choices.Select(c => c.Word))}");
    }

    /// <summary>One of an enum's values by its word (<see cref="EnumWord"/>, case-insensitive).</summary>
    public static TEnum Choice<TEnum>(string option, string text)
        where TEnum : struct, Enum =>
        Word(option, text, Enum.GetValues<TEnum>().Select(v => (EnumWord(v), v)).ToArray());

    /// <summary>The word for an enum value: its name in kebab case (<c>AdamW</c> is <c>adam-w</c>; see <see cref="Words{TEnum}"/>).</summary>
    public static string EnumWord<TEnum>(TEnum value)
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

    /// <summary>The words of an enum's values.</summary>
    public static IReadOnlyList<string> Words<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(v => EnumWord(v)).ToArray();
}
