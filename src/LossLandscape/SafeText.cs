using System.Globalization;
using System.Text;

namespace LossLandscape;

/// <summary>
/// Text from the user made safe where it is shown: on a terminal (control characters, which could move the cursor,
/// recolour or retitle it, written as escapes) and in CSV cells a spreadsheet opens (a cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with an apostrophe, as the OWASP
/// guidance on CSV injection recommends, so it is read as text, not run as a formula).
/// </summary>
public static class SafeText
{
    /// <summary><paramref name="text"/> with every control character (C0, DEL, C1, and the bidirectional overrides) written as <c>\uXXXX</c>.</summary>
    public static string Terminal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as a spreadsheet reads it as text: prefixed with an apostrophe when it starts with a
    /// formula character. A number such as <c>-1.5</c> is left as it is.
    /// </summary>
    public static string CsvCell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return text;
        }

        return "'" + text;
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
