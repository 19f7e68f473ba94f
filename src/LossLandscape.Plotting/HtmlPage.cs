using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        TypeInfoResolver = FigureJsonContext.Default,
    };

    /// <summary>The figure's source-generated metadata under <see cref="JsonOptions"/>: no reflection, so it compiles ahead of time.</summary>
    private static readonly JsonTypeInfo<Figure> FigureInfo = (JsonTypeInfo<Figure>)JsonOptions.GetTypeInfo(typeof(Figure));

    /// <summary>The figure as plotly JSON (<c>{"data": …, "layout": …, "frames": …, "config": …}</c>).</summary>
    public static string ToJson(Figure figure) => JsonSerializer.Serialize(figure, FigureInfo);

    /// <summary>One page that draws the figures in order, each in its own div.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="mode">How plotly.js is included.</param>
    /// <param name="figures">The figures.</param>
    public static string Render(string title, PlotlyJsMode mode, params Figure[] figures)
    {
        using var buffer = new MemoryStream();
        Write(buffer, title, mode, figures);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Writes the page of <see cref="Render"/> to <paramref name="stream"/> as UTF-8. plotly.js is copied from the
    /// embedded bytes and each figure serialised straight into the stream, so no multi-megabyte string is built.
    /// </summary>
    /// <param name="stream">Where the page goes.</param>
    /// <param name="title">The page title.</param>
    /// <param name="mode">How plotly.js is included.</param>
    /// <param name="figures">The figures.</param>
    public static void Write(Stream stream, string title, PlotlyJsMode mode, params Figure[] figures)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(figures);
        var head = new StringBuilder(4096);
        head.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(HtmlEncoder.Default.Encode(title))
            .Append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"LossLandscape\">\n")
            .Append("<style>html,body{margin:0;background:").Append(DarkTheme.Background)
            .Append(";color:").Append(DarkTheme.Text).Append(";font-family:sans-serif}.figure{margin:0 auto}</style>\n");
        switch (mode)
        {
            case PlotlyJsMode.Inline:
                head.Append("<script>");
                Text(stream, head);
                PlotlyJs.CopySourceTo(stream);
                head.Append("</script>\n");
                break;
            case PlotlyJsMode.Cdn:
                head.Append("<script src=\"").Append(PlotlyJs.CdnUrl).Append("\" charset=\"utf-8\"></script>\n");
                break;
            case PlotlyJsMode.Directory:
                head.Append("<script src=\"").Append(PlotlyJs.FileName).Append("\" charset=\"utf-8\"></script>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown plotly.js mode");
        }

        head.Append("</head>\n<body>\n");
        for (var i = 0; i < figures.Length; i++)
        {
            var figure = figures[i];
            var width = figure.Layout.Width is { } w ? $"width:{w}px;" : string.Empty;
            var height = figure.Layout.Height is { } h ? $"height:{h}px;" : string.Empty;
            head.Append("<div id=\"figure-").Append(i).Append("\" class=\"figure\" style=\"").Append(width).Append(height).Append("\"></div>\n");
            head.Append("<script type=\"application/json\" id=\"figure-").Append(i).Append("-json\">");
            Text(stream, head);

            // The encoder escapes <, > and & in strings, so the JSON cannot close the script element.
            JsonSerializer.Serialize(stream, figure, FigureInfo);
            head.Append("</script>\n");
        }

        // Plotly.newPlot takes the whole figure (data, layout, frames, config); the ready flag lets tests and
        // the PNG export wait until every figure is drawn.
        head.Append("<script>\n(function () {\n")
            .Append("  var pending = ").Append(figures.Length).Append(";\n")
            .Append("  for (var i = 0; i < ").Append(figures.Length).Append("; i++) {\n")
            .Append("    var fig = JSON.parse(document.getElementById('figure-' + i + '-json').textContent);\n")
            .Append("    Plotly.newPlot(document.getElementById('figure-' + i), fig).then(function () {\n")
            .Append("      if (--pending === 0) { window.losslandscapeReady = true; }\n")
            .Append("    });\n")
            .Append("  }\n")
            .Append("})();\n</script>\n</body>\n</html>\n");
        Text(stream, head);
    }

    /// <summary>Writes the text gathered so far as UTF-8 and clears it.</summary>
    private static void Text(Stream stream, StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(chunk.Span)];
            Encoding.UTF8.GetBytes(chunk.Span, bytes);
            stream.Write(bytes);
        }

        text.Clear();
    }
}
