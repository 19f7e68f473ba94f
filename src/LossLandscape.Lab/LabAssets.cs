using LossLandscape.Plotting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LossLandscape.Lab;

/// <summary>The page, its script and style (embedded in this assembly) and plotly.js (embedded in the Plotting assembly).</summary>
internal static class LabAssets
{
    private static readonly Lazy<byte[]> Plotly = new(() =>
    {
        using var stream = new MemoryStream();
        PlotlyJs.CopySourceTo(stream);
        return stream.ToArray();
    });

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => Resource(context, "index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/lab.js", context => Resource(context, "lab.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/early.js", context => Resource(context, "early.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/lab.css", context => Resource(context, "lab.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/plotly.min.js", context => Write(context, Plotly.Value, "text/javascript; charset=utf-8")).ExcludeFromDescription();
    }

    private static Task Resource(HttpContext context, string name, string type)
    {
        using var stream = typeof(LabAssets).Assembly.GetManifestResourceStream("LossLandscape.Lab.wwwroot." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Write(context, bytes, type);
    }

    private static Task Write(HttpContext context, byte[] bytes, string type)
    {
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
