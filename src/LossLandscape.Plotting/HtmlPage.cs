using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>Turns figures into JSON and into self-contained HTML pages.</summary>
public static class HtmlPage
{
    /// <summary>The serializer settings: null members left out, non-ASCII and HTML-sensitive characters escaped.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Default,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            FigureJsonContext.Default,
            new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The figure as plotly JSON (<c>{"data": …, "layout": …, "frames": …, "config": …}</c>).</summary>
    public static string ToJson(Figure figure) => JsonSerializer.Serialize(figure, JsonOptions);

    /// <summary>One page that draws the figures in order, each in its own div.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="mode">How plotly.js is included.</param>
    /// <param name="figures">The figures.</param>
    public static string Render(string title, PlotlyJsMode mode, params Figure[] figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder(figures.Length * 65536 + (mode == PlotlyJsMode.Inline ? PlotlyJs.Source.Length + 4096 : 4096));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(HtmlEncoder.Default.Encode(title))
            .Append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"LossLandscape\">\n")
            .Append("<style>html,body{margin:0;background:").Append(DarkTheme.Background)
            .Append(";color:").Append(DarkTheme.Text).Append(";font-family:sans-serif}.figure{margin:0 auto}</style>\n");
        switch (mode)
        {
            case PlotlyJsMode.Inline:
                html.Append("<script>").Append(PlotlyJs.Source).Append("</script>\n");
                break;
            case PlotlyJsMode.Cdn:
                html.Append("<script src=\"").Append(PlotlyJs.CdnUrl).Append("\" charset=\"utf-8\"></script>\n");
                break;
            case PlotlyJsMode.Directory:
                html.Append("<script src=\"").Append(PlotlyJs.FileName).Append("\" charset=\"utf-8\"></script>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown plotly.js mode");
        }

        html.Append("</head>\n<body>\n");
        for (var i = 0; i < figures.Length; i++)
        {
            var figure = figures[i];
            var width = figure.Layout.Width is { } w ? $"width:{w}px;" : string.Empty;
            var height = figure.Layout.Height is { } h ? $"height:{h}px;" : string.Empty;
            html.Append("<div id=\"figure-").Append(i).Append("\" class=\"figure\" style=\"").Append(width).Append(height).Append("\"></div>\n");
            html.Append("<script type=\"application/json\" id=\"figure-").Append(i).Append("-json\">")
                .Append(ToJson(figure)).Append("</script>\n");
        }

        // Plotly.newPlot takes the whole figure (data, layout, frames, config); the ready flag lets tests and
        // the PNG export wait until every figure is drawn.
        html.Append("<script>\n(function () {\n")
            .Append("  var pending = ").Append(figures.Length).Append(";\n")
            .Append("  for (var i = 0; i < ").Append(figures.Length).Append("; i++) {\n")
            .Append("    var fig = JSON.parse(document.getElementById('figure-' + i + '-json').textContent);\n")
            .Append("    Plotly.newPlot(document.getElementById('figure-' + i), fig).then(function () {\n")
            .Append("      if (--pending === 0) { window.losslandscapeReady = true; }\n")
            .Append("    });\n")
            .Append("  }\n")
            .Append("})();\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }
}
