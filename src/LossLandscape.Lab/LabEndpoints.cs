using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LossLandscape.Experiments;
using LossLandscape.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace LossLandscape.Lab;

/// <summary>The JSON API: surfaces, runs (start, stream, stop, delete, download) and the command line.</summary>
internal sealed partial class LabEndpoints : IDisposable
{
    private readonly LabServerOptions _options;
    private readonly ComputeGate _gate;
    private readonly ConcurrentDictionary<string, LabRun> _runs = new(StringComparer.Ordinal);
    private readonly SessionCache _sessions = new(4);

    public LabEndpoints(LabServerOptions options)
    {
        _options = options;
        _gate = new ComputeGate(options);
    }

    /// <summary>Computations running now (tests check that a stopped or abandoned run frees its slot).</summary>
    public int Running => _gate.Running;

    /// <summary>Landscapes prepared (data drawn) so far; the others came from the cache.</summary>
    public int Prepared => _sessions.Prepared;

    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("lab");
        api.MapPost("/surface", SurfaceAsync).Handler(SurfaceAsync)
            .WithName("ComputeSurface").WithSummary("Compute the loss surface of a landscape (the surface.json `run` writes)")
            .Body<LandscapeRequest>().Answer<SurfaceResponse>(200).Answer<Problem>(400, "application/problem+json").Answer<Problem>(422, "application/problem+json").Answer<Problem>(503, "application/problem+json");
        api.MapPost("/runs", StartAsync).Handler(StartAsync)
            .WithName("StartRun").WithSummary("Start training on a landscape; returns the run's id")
            .Body<RunRequest>().Answer<RunStarted>(201).Answer<Problem>(400, "application/problem+json").Answer<Problem>(422, "application/problem+json").Answer<Problem>(503, "application/problem+json");
        api.MapGet("/runs/{id}/events", EventsAsync).Handler(EventsAsync)
            .WithName("RunEvents").WithSummary("Server-sent events: one `record` event per record as it is computed, then `done`")
            .Answer<RecordEvent>(200, "text/event-stream").Answer<Problem>(404, "application/problem+json");
        api.MapPost("/runs/{id}/stop", StopAsync).Handler(StopAsync)
            .WithName("StopRun").WithSummary("Stop a run at its next record").Answer(204).Answer<Problem>(404, "application/problem+json");
        api.MapDelete("/runs/{id}", DeleteAsync).Handler(DeleteAsync)
            .WithName("DeleteRun").WithSummary("Stop a run and forget it").Answer(204).Answer<Problem>(404, "application/problem+json");
        api.MapGet("/runs/{id}/download", DownloadAsync).Handler(DownloadAsync)
            .WithName("DownloadRun").WithSummary("A zip with the data files `run` writes for this run, and the command")
            .Answer(200, "application/zip").Answer<Problem>(404, "application/problem+json");
        api.MapPost("/runs/{id}/plane", PlaneAsync).Handler(PlaneAsync)
            .WithName("RunPlane").WithSummary("A run on a plane: its own with the grid covering its path, or pca, points:I,J,K or line from its records (the surface.json or line `run` writes)")
            .Body<PlaneRequest>().Answer<PlaneResponse>(200).Answer<Problem>(400, "application/problem+json").Answer<Problem>(404, "application/problem+json").Answer<Problem>(503, "application/problem+json");
        api.MapGet("/options", OptionsAsync).Handler(OptionsAsync)
            .WithName("Options").WithSummary("The options the lab takes, from the command line's option catalogue: each request field's name, type, group, default, allowed words, unit and help")
            .Answer(200, "application/json");
        api.MapPost("/command", CommandAsync).Handler(CommandAsync)
            .WithName("Command").WithSummary("The losslandscape run/compare command that reproduces the runs")
            .Body<CommandRequest>().Answer<CommandResponse>(200).Answer<Problem>(400, "application/problem+json");
    }

    private async Task SurfaceAsync(HttpContext context)
    {
        var clock = Stopwatch.StartNew();
        var request = await LabHttp.ReadAsync(context, LabRequestJson.Default.LandscapeRequest).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        ExperimentOptions options;
        try
        {
            options = RequestMapping.Landscape(request);
            LabCost.CheckSurface(options, _options.ComputationTimeout, Math.Min(_options.MaxConcurrent, Environment.ProcessorCount));
        }
        catch (InvalidOptionException e)
        {
            await LabHttp.InvalidAsync(context, e).ConfigureAwait(false);
            return;
        }
        catch (LabCostException e)
        {
            await LabHttp.TooCostlyAsync(context, e).ConfigureAwait(false);
            return;
        }

        await ComputeAsync(
            context,
            token =>
            {
                var session = _sessions.Get(Key(request), options);
                return SurfaceBody(session, session.Surfaces(token), clock);
            },
            "application/json; charset=utf-8").ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread when the gate gives a slot (503 otherwise), within the time limit
    /// and the client's connection; writes its bytes, or the problem for an invalid option or the time limit.
    /// </summary>
    private async Task ComputeAsync(HttpContext context, Func<CancellationToken, ArraySegment<byte>> work, string contentType, string? disposition = null)
    {
        var (permit, refusal) = await _gate.EnterAsync(LabHttp.Client(context), context.RequestAborted).ConfigureAwait(false);
        using var held = permit;
        if (permit is null)
        {
            await LabHttp.BusyAsync(context, refusal, _options.QueueTimeout).ConfigureAwait(false);
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        limit.CancelAfter(_options.ComputationTimeout);
        ArraySegment<byte> body;
        try
        {
            // On a thread of its own (at most MaxConcurrent of them, by the gate): see LabRun.Start.
            body = await Task.Factory.StartNew(() => work(limit.Token), limit.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (InvalidOptionException e)
        {
            await LabHttp.InvalidAsync(context, e).ConfigureAwait(false);
            return;
        }
        catch (LabCostException e)
        {
            await LabHttp.TooCostlyAsync(context, e).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await LabHttp.TimedOutAsync(context, _options.ComputationTimeout).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = contentType;
        if (disposition is not null)
        {
            context.Response.Headers.ContentDisposition = disposition;
        }

        context.Response.ContentLength = body.Count;
        await context.Response.Body.WriteAsync(body.AsMemory(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The answer, written by hand around the bytes of surface.json as <see cref="PipelineFiles.WriteSurfaces(Stream, Surface.PlaneSurfaces, Surface.LossSurface)"/>
    /// writes them, so the surface is exactly the file's (same numbers, shortest round-trip form). The file is written
    /// straight into the answer's buffer, which is sent as it is: one buffer instead of four copies of the surface (a
    /// 200 × 200 answer is 728 KB, and each copy was a large-object allocation and a gen-2 collection per request).
    /// </summary>
    private static ArraySegment<byte> SurfaceBody(LandscapeSession session, Surface.PlaneSurfaces surfaces, Stopwatch clock)
    {
        var (a, b) = session.Directions.Plane!.Project(session.Start.ToArray());
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("plane", Planes.PlaneNames.Name(session.Directions.Kind));
            json.WriteStartArray("start");
            json.WriteNumberValue(a);
            json.WriteNumberValue(b);
            json.WriteEndArray();
            json.WriteNumber("parameters", session.Model.ParameterCount);
            json.WritePropertyName("surface");
            json.WriteRawValue("0"u8, skipInputValidation: true); // a placeholder, cut off below
            json.Flush();
        }

        output.SetLength(output.Length - 1);
        PipelineFiles.WriteSurfaces(output, surfaces);

        // ,"seconds":S} after the surface, so the time includes writing it (S as the writer writes numbers).
        output.Write(",\"seconds\":"u8);
        using (var seconds = new Utf8JsonWriter(output))
        {
            seconds.WriteNumberValue(clock.Elapsed.TotalSeconds);
        }

        output.Write("}"u8);
        return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
    }

    private async Task StartAsync(HttpContext context)
    {
        var request = await LabHttp.ReadAsync(context, LabRequestJson.Default.RunRequest).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        ExperimentOptions landscape;
        long reserved;
        try
        {
            landscape = RequestMapping.Landscape(request.Landscape);
            var asked = RequestMapping.Run(request);
            reserved = LabCost.CheckRun(asked, _options.ComputationTimeout, _options.MaxRunBytes);
        }
        catch (InvalidOptionException e)
        {
            await LabHttp.InvalidAsync(context, e).ConfigureAwait(false);
            return;
        }
        catch (LabCostException e)
        {
            await LabHttp.TooCostlyAsync(context, e).ConfigureAwait(false);
            return;
        }

        var (permit, refusal) = await _gate.EnterAsync(LabHttp.Client(context), context.RequestAborted).ConfigureAwait(false);
        if (permit is null)
        {
            await LabHttp.BusyAsync(context, refusal, _options.QueueTimeout).ConfigureAwait(false);
            return;
        }

        LabRun run;
        try
        {
            var (session, options) = await Task.Run(() =>
            {
                var s = _sessions.Get(Key(request.Landscape), landscape);
                return (s, RequestMapping.Run(request, s));
            }).ConfigureAwait(false);
            run = new LabRun(NewId(), request, options, session, _options.ComputationTimeout, reserved);
            if (!Register(run))
            {
                run.Dispose();
                permit.Dispose();
                await LabHttp.FullAsync(context).ConfigureAwait(false);
                return;
            }
        }
        catch (InvalidOptionException e)
        {
            permit.Dispose();
            await LabHttp.InvalidAsync(context, e).ConfigureAwait(false);
            return;
        }
        catch
        {
            permit.Dispose();
            throw;
        }

        run.Start(permit);
        var events = $"/api/runs/{run.Id}/events";
        context.Response.Headers.Location = $"/api/runs/{run.Id}";
        await LabHttp.JsonAsync(context, 201, new RunStarted(run.Id, events), LabResponseJson.Default.RunStarted).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps <paramref name="run"/> when the kept runs' memory (each finished run's records, each running run's
    /// reservation) leaves room for it and their count is below the limit; the least recently used finished runs are
    /// forgotten to make room. False when the room is taken by runs still running.
    /// </summary>
    private bool Register(LabRun run)
    {
        lock (_registry)
        {
            var kept = _runs.Values.ToList();
            var bytes = kept.Sum(r => r.Bytes);
            foreach (var old in kept.Where(r => r.IsDone).OrderBy(r => r.LastUsed))
            {
                if (bytes + run.Bytes <= _options.RunMemoryBudget && _runs.Count < _options.MaxRuns)
                {
                    break;
                }

                if (_runs.TryRemove(old.Id, out _))
                {
                    bytes -= old.Bytes;
                    old.Dispose();
                }
            }

            return bytes + run.Bytes <= _options.RunMemoryBudget && _runs.Count < _options.MaxRuns && _runs.TryAdd(run.Id, run);
        }
    }

    private readonly Lock _registry = new();

    private async Task EventsAsync(HttpContext context)
    {
        if (await FindAsync(context).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        var index = 0;
        var finished = false;
        var buffer = new ArrayBufferWriter<byte>(StreamChunkBytes + 4096);
        try
        {
            await response.StartAsync(aborted).ConfigureAwait(false);
            while (!finished)
            {
                // A batch of at most StreamChunkEvents events, written with a time limit: a client that does not read
                // holds one batch and Kestrel's small response buffer, and is dropped when a write cannot finish.
                var (events, done, changed) = run.Read(index, StreamChunkEvents);
                var more = !done && events.Length == StreamChunkEvents;
                if (events.Length > 0)
                {
                    buffer.ResetWrittenCount();
                    foreach (var e in events)
                    {
                        Encoding.UTF8.GetBytes(e, buffer);
                    }

                    using var write = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    write.CancelAfter(_options.StreamWriteTimeout);
                    try
                    {
                        await response.Body.WriteAsync(buffer.WrittenMemory, write.Token).ConfigureAwait(false);
                        await response.Body.FlushAsync(write.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                    {
                        // The client does not read: it is dropped rather than buffered for.
                        context.Abort();
                        break;
                    }

                    index += done ? events.Length - 1 : events.Length;
                }

                finished = done;
                if (!done && !more)
                {
                    await changed.WaitAsync(aborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away (the wait is cancelled, or a write fails on the closed connection).
        }
        finally
        {
            // A stream that ends before the run does means its client left: the computation stops with it.
            if (!finished)
            {
                run.Stop();
            }
        }
    }

    /// <summary>Most events one write to a stream carries.</summary>
    private const int StreamChunkEvents = 256;

    /// <summary>About the bytes of <see cref="StreamChunkEvents"/> events.</summary>
    private const int StreamChunkBytes = 64 * 1024;

    private async Task StopAsync(HttpContext context)
    {
        if (await FindAsync(context).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        run.Stop();
        context.Response.StatusCode = 204;
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (await FindAsync(context, remove: true).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        run.Stop();
        context.Response.StatusCode = 204;
    }

    private async Task DownloadAsync(HttpContext context)
    {
        if (await FindAsync(context).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        var command = LabCommand.For([run.Request]);
        await ComputeAsync(
            context,
            token => RunArchive.Create(run, command.Command, command.Words, _options.DescribeRun, token),
            "application/zip",
            $"attachment; filename=\"losslandscape-run-{run.Id[..8]}.zip\"").ConfigureAwait(false);
    }

    private static async Task CommandAsync(HttpContext context)
    {
        var request = await LabHttp.ReadAsync(context, LabRequestJson.Default.CommandRequest).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        try
        {
            var runs = request.Runs ?? [];
            if (runs.Length > 64)
            {
                throw new InvalidOptionException("runs", "at most 64 runs");
            }

            foreach (var run in runs)
            {
                _ = RequestMapping.Run(run);
            }

            await LabHttp.JsonAsync(context, 200, LabCommand.For(runs), LabResponseJson.Default.CommandResponse).ConfigureAwait(false);
        }
        catch (InvalidOptionException e)
        {
            await LabHttp.InvalidAsync(context, e).ConfigureAwait(false);
        }
    }

    /// <summary>The run the route's id names (taken out of the list when <paramref name="remove"/>), or null after a 404 problem.</summary>
    private async Task<LabRun?> FindAsync(HttpContext context, bool remove = false)
    {
        var id = RunId(context);
        if (remove ? _runs.TryRemove(id, out var run) : _runs.TryGetValue(id, out run))
        {
            return run;
        }

        await NotFoundAsync(context, id).ConfigureAwait(false);
        return null;
    }

    /// <summary>The cache's key of a landscape: its request as JSON (fields in a fixed order, nulls left out).</summary>
    private static string Key(LandscapeRequest? request) => JsonSerializer.Serialize(request ?? new LandscapeRequest(), LabRequestJson.Default.LandscapeRequest);

    private static Task NotFoundAsync(HttpContext context, string id) =>
        LabHttp.ProblemAsync(context, 404, "/problems/no-such-run", "No such run", $"no run has the id '{(id.Length > 64 ? id[..64] : id)}' (it may have been deleted)", "id");

    public void Dispose()
    {
        foreach (var run in _runs.Values)
        {
            run.Stop();
        }

        _gate.Dispose();
    }

    private static string RunId(HttpContext context) => context.Request.RouteValues["id"] as string ?? string.Empty;

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>OpenAPI metadata for endpoints written as request delegates (they bind nothing by reflection).</summary>
internal static class EndpointDocs
{
    /// <summary>The handler's method, so the OpenAPI document lists the endpoint and its route parameters.</summary>
    public static IEndpointConventionBuilder Handler(this IEndpointConventionBuilder builder, RequestDelegate handler) =>
        builder.WithMetadata(handler.Method);

    /// <summary>The endpoint takes a JSON body of <typeparamref name="T"/>.</summary>
    public static IEndpointConventionBuilder Body<T>(this IEndpointConventionBuilder builder) =>
        builder.WithMetadata(new AcceptsMetadata(["application/json"], typeof(T)));

    /// <summary>The endpoint answers <paramref name="status"/> with a <typeparamref name="T"/>.</summary>
    public static IEndpointConventionBuilder Answer<T>(this IEndpointConventionBuilder builder, int status, string contentType = "application/json") =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(T), [contentType]));

    /// <summary>The endpoint answers <paramref name="status"/> without a typed body.</summary>
    public static IEndpointConventionBuilder Answer(this IEndpointConventionBuilder builder, int status, string? contentType = null) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, null, contentType is null ? [] : [contentType]));
}
