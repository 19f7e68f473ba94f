using System.Diagnostics;
using System.Text.Json;
using LossLandscape.Landscape;
using LossLandscape.Planes;
using Microsoft.AspNetCore.Http;

namespace LossLandscape.Lab;

/// <summary>A run on a plane: its own with the grid covering the path, or pca, points or line from its records.</summary>
internal sealed partial class LabEndpoints
{
    private async Task PlaneAsync(HttpContext context)
    {
        var clock = Stopwatch.StartNew();
        if (await FindAsync(context).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        var body = await LabHttp.ReadAsync(context, LabRequestJson.Default.PlaneRequest).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        await ComputeAsync(
            context,
            token =>
            {
                var (options, request) = RunPlane.Map(run, body, run.Records().Length);
                var result = run.Complete(options, token);
                return PlaneBody(result, LabCommand.For([request]), clock);
            },
            "application/json; charset=utf-8").ConfigureAwait(false);
    }

    /// <summary>The answer, written by hand around surface.json's bytes as <c>run</c> writes them (see <see cref="SurfaceBody"/>).</summary>
    private static byte[] PlaneBody(LandscapeResult result, CommandResponse command, Stopwatch clock)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("plane", Planes.PlaneNames.Name(result.Directions.Kind));
            json.WriteString("command", command.Command);
            json.WriteString("note", command.Note);
            json.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
            json.WritePropertyName("records");
            var records = result.Paths[0].Records;
            json.WriteStartArray();
            for (var k = 0; k < records.Count; k++)
            {
                var r = records[k];
                var p = result.Paths[0].Projections[k];
                JsonSerializer.Serialize(json, LabRun.Event(k, r, p), LabResponseJson.Default.RecordEvent);
            }

            json.WriteEndArray();
            if (result.Slice is LandscapeSlice.OnPlane { Surfaces: var surfaces })
            {
                using var file = new MemoryStream();
                PipelineFiles.WriteSurfaces(file, surfaces);
                json.WritePropertyName("surface");
                json.WriteRawValue(file.GetBuffer().AsSpan(0, (int)file.Length), skipInputValidation: true);
            }

            if (result.Slice is LandscapeSlice.OnLine { Profile: var line })
            {
                json.WritePropertyName("line");
                JsonSerializer.Serialize(json, new LineFile([.. line.Alpha.Values], line.TestLoss, line.TrainLoss), LabResponseJson.Default.LineFile);
            }

            json.WriteEndObject();
        }

        return output.ToArray();
    }
}
