using System.Text;
using System.Text.Json;
using LossLandscape.IO;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Pipeline;

/// <summary>
/// The data files of a landscape: surface.json (with <c>axes</c> and every surface computed), trajectory.csv with the
/// records' projections, weights.npy, directions.json and line.csv.
/// </summary>
public static class PipelineFiles
{
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

    /// <summary>Writes trajectory.csv: one row per record with its projection.</summary>
    public static void WriteTrajectory(string path, PlaneKind kind, IReadOnlyList<TrajectoryRecord> records, IReadOnlyList<RecordProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(projections);
        var csv = new StringBuilder(TrajectoryHeader(kind)).Append('\n');
        for (var k = 0; k < records.Count; k++)
        {
            AppendRow(csv, kind, records[k], projections[k]);
        }

        AtomicFile.WriteAllText(path, csv.ToString());
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
