using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LossLandscape.Lab;

/// <summary>Reading bounded JSON bodies and writing JSON answers and RFC 7807 problems.</summary>
internal static class LabHttp
{
    /// <summary>The problem types, relative to the lab (they name the kind of problem, they are not pages).</summary>
    public const string InvalidField = "/problems/invalid-field";

    /// <summary>
    /// The body as <typeparamref name="T"/>, or null after answering with a problem: 415 when it is not JSON, 413 above
    /// <see cref="LabLimits.MaxBodyBytes"/>, 400 naming the field for malformed JSON, a wrong type or an unknown field.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> info)
        where T : class
    {
        var request = context.Request;
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "/problems/media-type", "Unsupported media type", "the body must be JSON (Content-Type: application/json)", null).ConfigureAwait(false);
            return null;
        }

        if (request.ContentLength > LabLimits.MaxBodyBytes)
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return null;
        }

        var buffer = new byte[LabLimits.MaxBodyBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException)
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return null;
        }

        if (length > LabLimits.MaxBodyBytes)
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return null;
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), info);
            if (value is null)
            {
                await ProblemAsync(context, 400, InvalidField, "Invalid request", "the body must be a JSON object", null).ConfigureAwait(false);
            }

            return value;
        }
        catch (JsonException e)
        {
            var (field, detail) = Describe(e);
            await ProblemAsync(context, 400, InvalidField, "Invalid request", detail, field).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The field a JSON error is about (the last name of its path) and one line saying what is allowed; a name that is
    /// no request's field is an unknown field (the requests refuse unmapped members).
    /// </summary>
    internal static (string? Field, string Detail) Describe(JsonException e)
    {
        var path = e.Path ?? "$";
        var field = path.Split('.')[^1].Split('[')[0];
        if (field is "$" or "")
        {
            return (null, "the body is not valid JSON for this request (a JSON object whose fields are named as the options of losslandscape run)");
        }

        return FieldType(field) is { } type
            ? (field, $"{field}: must be {Expected(type)}")
            : (field, $"{field}: is not a field of this request; the fields are named as the options of losslandscape run (see /openapi/v1.json)");
    }

    private static Type? FieldType(string field)
    {
        foreach (var info in new JsonTypeInfo[] { LabRequestJson.Default.LandscapeRequest, LabRequestJson.Default.RunRequest, LabRequestJson.Default.CommandRequest, LabRequestJson.Default.PlaneRequest })
        {
            foreach (var property in info.Properties)
            {
                if (property.Name == field)
                {
                    return Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                }
            }
        }

        return null;
    }

    private static string Expected(Type type) =>
        type == typeof(int) ? "a whole number (JSON number without fraction)"
        : type == typeof(uint) ? "a whole number from 0 to 4294967295"
        : type == typeof(double) ? "a finite number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(string) ? "a string"
        : type == typeof(double[]) ? "an array of numbers"
        : type == typeof(int[]) ? "an array of whole numbers"
        : "a JSON object";

    /// <summary>Writes <paramref name="value"/> as JSON with <paramref name="status"/>.</summary>
    public static async Task JsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> info)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, info, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes an RFC 7807 problem (application/problem+json).</summary>
    public static async Task ProblemAsync(HttpContext context, int status, string type, string title, string detail, string? field)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Problem(type, title, status, detail, field), LabResponseJson.Default.Problem, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>400 for a field the core or the lab refused; the other fields its message names are quoted as fields.</summary>
    public static Task InvalidAsync(HttpContext context, InvalidOptionException e) =>
        ProblemAsync(context, 400, InvalidField, "Invalid request", $"{e.Option}: {Fields(e.Message)}", e.Option);

    /// <summary>A core message with the options it names («name») quoted as the request's fields ('name').</summary>
    public static string Fields(string message) => OptionText.Render(message, name => $"'{name}'");

    /// <summary>503 with Retry-After: the lab is busy (its queue was full, or the request waited in it too long).</summary>
    public static Task BusyAsync(HttpContext context, GateRefusal refusal, TimeSpan queueTimeout)
    {
        context.Response.Headers.RetryAfter = "2";
        var detail = refusal == GateRefusal.WaitedTooLong
            ? string.Create(CultureInfo.InvariantCulture, $"the lab is computing as much as it may at once and this request waited {queueTimeout.TotalSeconds:0.#} s in its queue without a slot; retry shortly")
            : "the lab is computing as much as it may at once and its queue is full; retry shortly";
        return ProblemAsync(context, 503, "/problems/busy", "Busy", detail, null);
    }

    /// <summary>503 with Retry-After: the lab keeps as many runs as its memory budget allows, all still running.</summary>
    public static Task FullAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return ProblemAsync(context, 503, "/problems/memory", "Busy", "the lab's memory for runs is taken by runs still running; stop or delete one, or retry shortly", null);
    }

    /// <summary>422: the request's estimated work or memory is beyond the lab's limits; the problem names the fields.</summary>
    public static async Task TooCostlyAsync(HttpContext context, LabCostException e)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = 422;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new Problem("/problems/too-much-work", "Too much work", 422, e.Message, e.Fields[0]) { Fields = [.. e.Fields] };
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, LabResponseJson.Default.Problem, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>503: the computation took longer than the time limit.</summary>
    public static Task TimedOutAsync(HttpContext context, TimeSpan limit) =>
        ProblemAsync(context, 503, "/problems/time-limit", "Time limit", string.Create(CultureInfo.InvariantCulture, $"the computation took longer than the lab's limit of {limit.TotalSeconds:0.#} s; use a coarser grid, fewer samples or fewer epochs"), null);

    private static Task TooLargeAsync(HttpContext context) =>
        ProblemAsync(context, 413, "/problems/too-large", "Body too large", $"the body must be at most {LabLimits.MaxBodyBytes} bytes", null);

    /// <summary>The client a request comes from, for the per-client limit.</summary>
    public static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";
}
