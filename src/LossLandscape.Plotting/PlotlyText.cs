using System.Text.RegularExpressions;

namespace LossLandscape.Plotting;

/// <summary>
/// Text in figures. plotly renders trace names, point text, titles and hover templates as a subset of HTML (links,
/// bold, line breaks), so a user's string (a run label, an axis name) must be escaped or it becomes markup. The
/// plain-text fields of the schema (trace names, point text, titles) are escaped when serialised
/// (<see cref="PlainTextConverter"/>); hover templates are markup on purpose, so their builders escape what they insert.
/// </summary>
public static partial class PlotlyText
{
    /// <summary>
    /// The text with &lt; and &gt; as entities and every &amp; that does not already start one of the three entities
    /// written here as &amp;amp;. plotly shows the entities as the characters. Escaping twice changes nothing, so a
    /// builder may escape a name that the serialiser escapes again.
    /// </summary>
    public static string Escape(string? text) =>
        BareAmpersand().Replace(text ?? string.Empty, "&amp;").Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex("&(?!amp;|lt;|gt;)", RegexOptions.CultureInvariant)]
    private static partial Regex BareAmpersand();
}
