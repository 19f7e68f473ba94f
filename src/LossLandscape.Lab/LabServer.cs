using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LossLandscape.Lab;

/// <summary>
/// The landscape lab: one page and a JSON API over the pipeline, served by the shared framework's Kestrel
/// (<c>losslandscape serve</c>). The page and its script come from this assembly; plotly.js from the Plotting assembly.
/// </summary>
public static class LabServer
{
    /// <summary>
    /// The lab's web application, not yet started. <paramref name="configure"/> runs last on the builder (tests swap
    /// Kestrel for the in-process test server there).
    /// </summary>
    public static WebApplication Build(LabServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "LossLandscape.Lab", Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = LabLimits.MaxBodyBytes;
            // Kestrel answers requests beyond its own limits with a bare status; these are set above the lab's (checked in
            // Guard, which answers with a problem), so only requests far beyond them get Kestrel's bare answer.
            kestrel.Limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
            kestrel.Limits.MaxRequestLineSize = 4 * MaxTargetLength;
        });
        builder.WebHost.UseUrls(Url(options.Host, options.Port));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, LabResponseJson.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, LabRequestJson.Default);

            // As the contexts write them (the OpenAPI document is made with these options): request fields are the
            // options' long names; the few two-word answer fields carry their snake_case names.
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.KebabCaseLower;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LossLandscape lab";
            document.Info.Description = "Loss surfaces and training runs on the same pipeline as the losslandscape command. Request fields are named as the command's options.";
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // The handlers read {id} from the route themselves; the document names it.
            if (context.Description.RelativePath?.Contains("{id}", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = "id",
                    In = Microsoft.OpenApi.ParameterLocation.Path,
                    Required = true,
                    Description = "The run's id, as POST /api/runs returned it",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        }));
        var endpoints = new LabEndpoints(options);
        builder.Services.AddSingleton(endpoints);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use((context, next) => Guard(context, next, options));
        app.MapOpenApi();
        endpoints.Map(app);
        LabAssets.Map(app);
        return app;
    }

    /// <summary>The address to listen on: IPv6 literals in brackets.</summary>
    public static string Url(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return FormattableString.Invariant($"http://{name}:{port}");
    }

    /// <summary>
    /// Headers on every answer (a CSP that allows only the page's own scripts, nosniff, no framing), the Host check that
    /// keeps other sites out of a loopback lab (DNS rebinding), and a problem instead of a crash for anything unexpected.
    /// </summary>
    private static async Task Guard(HttpContext context, RequestDelegate next, LabServerOptions options)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        var target = context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
        {
            await LabHttp.ProblemAsync(context, 414, "/problems/uri-too-long", "URI too long", $"the request's path and query must be at most {MaxTargetLength} characters", null).ConfigureAwait(false);
            return;
        }

        if (context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4) > MaxHeaderBytes)
        {
            await LabHttp.ProblemAsync(context, 431, "/problems/headers-too-large", "Request header fields too large", $"the request's headers must be at most {MaxHeaderBytes} bytes in all", null).ConfigureAwait(false);
            return;
        }

        if (options.IsLoopback && !LoopbackHost(context.Request.Host.Host))
        {
            await LabHttp.ProblemAsync(context, 421, "/problems/host", "Misdirected request", "this lab answers only requests addressed to localhost, 127.0.0.1 or [::1]", null).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);

            // Routing answers unknown paths (404), methods (405) and media types (415) without a body: give them one.
            var status = context.Response.StatusCode;
            if (status >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
            {
                var detail = status switch
                {
                    404 => "no such page or endpoint (the endpoints are listed at /openapi/v1.json)",
                    405 => "this endpoint does not take that method (see /openapi/v1.json)",
                    415 => "the body must be JSON (Content-Type: application/json)",
                    _ => "the request was refused",
                };
                await LabHttp.ProblemAsync(context, status, "/problems/http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), ReasonPhrase(status), detail, null).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException e)
        {
            await LabHttp.ProblemAsync(context, e.StatusCode, "/problems/bad-request", "Bad request", e.Message, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>Longest path and query the lab takes (414 beyond).</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Most header bytes the lab takes (431 beyond).</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private static bool LoopbackHost(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
