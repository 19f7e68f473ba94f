using System.Text.Json;
using System.Text.RegularExpressions;

namespace LossLandscape.Testing;

/// <summary>Hostile user strings and the check that a page shows them as text, never as markup.</summary>
internal static partial class HostileText
{
    /// <summary>A link, bold text and a script break-out; plotly would render the first two, a browser the third.</summary>
    public static readonly string[] Labels = ["<a href=x>y</a>", "<b>bold</b>", "</script><script>alert(1)</script>"];

    /// <summary>What must never appear unescaped in a figure's strings (deliberate markup is only b, br and extra).</summary>
    public static readonly string[] Forbidden = ["<a ", "</a>", "<b>bold", "<script", "</script"];

    /// <summary>
    /// Checks a page: no hostile markup in any string of any figure's JSON, the labels there in escaped form, and no
    /// script break-out in the page itself.
    /// </summary>
    public static void AssertShownAsText(string name, string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=x>", html, StringComparison.Ordinal);
        var strings = new List<string>();
        foreach (Match match in FigureJson().Matches(html))
        {
            using var figure = JsonDocument.Parse(match.Groups[1].Value);
            Collect(figure.RootElement, strings);
        }

        Assert.True(strings.Count > 0, $"{name}: no figure JSON");
        foreach (var text in strings)
        {
            foreach (var forbidden in Forbidden)
            {
                Assert.False(text.Contains(forbidden, StringComparison.OrdinalIgnoreCase), $"{name}: '{forbidden}' unescaped in \"{text}\"");
            }
        }

        Assert.Contains(strings, s => s.Contains("&lt;a href=x&gt;y&lt;/a&gt;", StringComparison.Ordinal));
        Assert.Contains(strings, s => s.Contains("&lt;b&gt;bold&lt;/b&gt;", StringComparison.Ordinal));
    }

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
            case JsonValueKind.Object:
                // A legend group is a key that ties traces together; plotly never shows it.
                foreach (var property in element.EnumerateObject().Where(p => p.Name != "legendgroup"))
                {
                    Collect(property.Value, strings);
                }

                break;
        }
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-[0-9]+-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FigureJson();
}
