using System.Text;
using System.Text.Json;
using LossLandscape.Files;
using LossLandscape.Planes;
using LossLandscape.Platform;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// The data files of a landscape: surface.json (with <c>axes</c> and every surface computed), trajectory.csv with the
/// records' projections, weights.npy, directions.json and line.csv.
/// </summary>
public static class PipelineFiles
{
    /// <summary>
    /// The data files of a run folder: surface.json (or line.csv), trajectory.csv (a race's trajectories.csv),
    /// weights.npy (every path's records in that file's order), directions.json and, for a single path, data.csv.
    /// </summary>
    public static void WriteData(string outDir, LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Slice)
        {
            case LandscapeSlice.OnPlane plane:
                WriteSurfaces(Path.Combine(outDir, "surface.json"), plane.Surfaces, result.Paths[0].Curvature?.Map?.Surface);
                break;
            case LandscapeSlice.OnLine line:
                WriteLine(Path.Combine(outDir, "line.csv"), line.Profile);
                break;
        }

        WriteTrajectories(Path.Combine(outDir, TrajectoryFile(result)), result);
        WriteWeights(Path.Combine(outDir, "weights.npy"), result.Paths.SelectMany(p => p.Records));
        DirectionsFile.Write(Path.Combine(outDir, "directions.json"), result.Directions);
        if (!result.IsRace)
        {
            ResultFiles.WriteDataCsv(Path.Combine(outDir, "data.csv"), result.Data, result.Split);
        }
    }

    /// <summary>The name of the records' file: trajectory.csv for a single path, trajectories.csv for a race.</summary>
    public static string TrajectoryFile(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsRace ? "trajectories.csv" : "trajectory.csv";
    }

    /// <summary>
    /// Writes <c>{"axes": [A, B], A: […], B: […], "loss": [[…]], "train_loss": …, "gap": …}</c> with <c>loss[i][j]</c> at
    /// (A[i], B[j]); only the surfaces computed appear (<c>loss</c> is the test loss).
    /// </summary>
    public static void WriteSurfaces(string path, PlaneSurfaces surfaces, LossSurface? sharpness = null) =>
        AtomicFile.Write(path, stream => WriteSurfaces(stream, surfaces, sharpness));

    /// <summary>Writes the surfaces' JSON to a stream; with <paramref name="sharpness"/>, λmax per grid point under <c>sharpness</c>.</summary>
    public static void WriteSurfaces(Stream stream, PlaneSurfaces surfaces, LossSurface? sharpness = null)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        var first = PlaneStage.Primary(surfaces);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WritePropertyName("axes");
        json.WriteStartArray();
        json.WriteStringValue(first.Axis1Name);
        json.WriteStringValue(first.Axis2Name);
        json.WriteEndArray();
        ResultFiles.WriteArray(json, first.Axis1Name, first.Axis1.Values);
        ResultFiles.WriteArray(json, first.Axis2Name, first.Axis2.Values);
        foreach (var (name, surface) in new[] { ("loss", surfaces.Test), ("train_loss", surfaces.Train), ("gap", surfaces.Gap), ("sharpness", sharpness), ("accuracy", surfaces.Accuracy) })
        {
            if (surface is null)
            {
                continue;
            }

            ResultFiles.WriteMatrix(json, name, surface);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The header of trajectory.csv after any leading columns: the weights plane keeps the seed's
    /// <c>epoch,step,w1,w2,test_loss,train_loss,lr</c> and adds <c>a,b,distance,surface_loss</c> (a and b repeat w1
    /// and w2); other planes have no w1, w2; a line has <c>alpha</c> for a and b.
    /// </summary>
    public static string TrajectoryHeader(PlaneKind kind) => kind switch
    {
        PlaneKind.Weights => "epoch,step,w1,w2,test_loss,train_loss,lr,a,b,distance,surface_loss",
        PlaneKind.Line => "epoch,step,test_loss,train_loss,lr,alpha,distance,surface_loss",
        _ => "epoch,step,test_loss,train_loss,lr,a,b,distance,surface_loss",
    };

    /// <summary>Appends one record's row (as <see cref="TrajectoryHeader"/> orders it) and a newline.</summary>
    public static void AppendRow(StringBuilder csv, PlaneKind kind, TrajectoryRecord record, RecordProjection projection)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(record);
        csv.Append(Numbers.Format(record.Epoch)).Append(',').Append(Numbers.Format(record.Step)).Append(',');
        if (kind == PlaneKind.Weights)
        {
            csv.Append(Numbers.Format(projection.A)).Append(',').Append(Numbers.Format(projection.B)).Append(',');
        }

        csv.Append(Numbers.Format(record.TestLoss)).Append(',')
            .Append(Numbers.Format(record.TrainLoss)).Append(',')
            .Append(Numbers.Format(record.LearningRate)).Append(',')
            .Append(Numbers.Format(projection.A)).Append(',');
        if (kind != PlaneKind.Line)
        {
            csv.Append(Numbers.Format(projection.B)).Append(',');
        }

        csv.Append(Numbers.Format(projection.Distance)).Append(',')
            .Append(Numbers.Format(projection.SurfaceLoss)).Append('\n');
    }

    /// <summary>
    /// Writes every path's records with their projections: a single path's trajectory.csv (<see cref="TrajectoryHeader"/>),
    /// or a race's trajectories.csv (<c>run,</c> the label, then the same columns and, with curvature, each record's λmax).
    /// </summary>
    public static void WriteTrajectories(string path, LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kind = result.Directions.Kind;
        var columns = result.IsRace ? CurvatureColumns.Of(result.Paths) : null;
        var csv = new StringBuilder(result.IsRace ? "run," : string.Empty).Append(TrajectoryHeader(kind)).Append(columns?.Header()).Append('\n');
        foreach (var drawn in result.Paths)
        {
            var label = result.IsRace ? Csv(drawn.Entry.Label) + "," : null;
            var curvature = columns is { Any: true } ? CurvatureJson.RowsByRecord(drawn.Curvature) : null;
            for (var i = 0; i < drawn.Records.Count; i++)
            {
                csv.Append(label);
                AppendRow(csv, kind, drawn.Records[i], drawn.Projections[i]);
                if (curvature is not null)
                {
                    // The row ends with its line break; the curvature's cells go before it.
                    csv.Length--;
                    columns!.AppendCells(csv, curvature, i);
                    csv.Append('\n');
                }
            }
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break, and when it would start a
    /// spreadsheet formula (then also prefixed with an apostrophe: <see cref="SafeText.CsvCell"/>).
    /// </summary>
    public static string Csv(string field)
    {
        var safe = SafeText.CsvCell(field);
        return safe != field || safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    /// <summary>Writes weights.npy: float64, records × parameters, rows in trajectory.csv's order.</summary>
    public static void WriteWeights(string path, IEnumerable<TrajectoryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        NpyFile.Write(path, records.Select(r => r.Parameters).ToArray());
    }

    /// <summary>Writes line.csv: <c>alpha,train_loss,test_loss</c>.</summary>
    public static void WriteLine(string path, LineProfile line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var csv = new StringBuilder("alpha,train_loss,test_loss\n");
        for (var k = 0; k < line.Alpha.Count; k++)
        {
            csv.Append(Numbers.Format(line.Alpha[k])).Append(',')
                .Append(Numbers.Format(line.TrainLoss[k])).Append(',')
                .Append(Numbers.Format(line.TestLoss[k])).Append('\n');
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }
}
