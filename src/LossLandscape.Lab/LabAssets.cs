using LossLandscape.Plotting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LossLandscape.Lab;

/// <summary>The page, its script and style (embedded in this assembly) and plotly.js (embedded in the Plotting assembly).</summary>
internal static class LabAssets
{
    private static readonly Lazy<(byte[] Bytes, string Tag)> Plotly = new(() =>
    {
        using var stream = new MemoryStream();
        PlotlyJs.CopySourceTo(stream);
        var bytes = stream.ToArray();
        return (bytes, Tag(bytes));
    });

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => Resource(context, "index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/lab.js", context => Resource(context, "lab.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/early.js", context => Resource(context, "early.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/preview.js", context => Resource(context, "preview.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/stream.js", context => Resource(context, "stream.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/lab.css", context => Resource(context, "lab.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/plotly.min.js", context => Write(context, Plotly.Value.Bytes, Plotly.Value.Tag, "text/javascript; charset=utf-8")).ExcludeFromDescription();
    }

    private static Task Resource(HttpContext context, string name, string type)
    {
        using var stream = typeof(LabAssets).Assembly.GetManifestResourceStream("LossLandscape.Lab.wwwroot." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Write(context, bytes, Tag(bytes), type);
    }

    /// <summary>
    /// The asset, revalidated on every load ("no-cache") against its ETag: an unchanged asset is answered 304 with no
    /// body, so the browser keeps its cached copy, and with it the compiled code of a script (Chromium keeps a
    /// script's compiled code beside a cached response and skips parsing plotly.js's 3.5 MB again).
    /// </summary>
    private static Task Write(HttpContext context, byte[] bytes, string tag, string type)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = tag;
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(t => t.Trim() == tag)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>A strong validator: the asset's SHA-256, quoted.</summary>
    private static string Tag(byte[] bytes) => "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
}
