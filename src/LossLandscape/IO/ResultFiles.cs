using System.Text;
using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.IO;

/// <summary>The data files a run writes: surface.json, trajectory.csv, data.csv.</summary>
public static class ResultFiles
{
    /// <summary>
    /// Writes <c>{"w1": […], "w2": […], "loss": [[…]]}</c> with <c>loss[i][j]</c> at (w1[i], w2[j]), using the surface's
    /// axis names; a loss that is not finite is written as null.
    /// </summary>
    public static void WriteSurfaceJson(string path, LossSurface surface) =>
        AtomicFile.Write(path, stream => WriteSurfaceJson(stream, surface));

    /// <summary>Writes the surface JSON to a stream.</summary>
    public static void WriteSurfaceJson(Stream stream, LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        WriteArray(json, surface.Axis1Name, surface.Axis1.Values);
        WriteArray(json, surface.Axis2Name, surface.Axis2.Values);
        WriteMatrix(json, "loss", surface);
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>name: [[…], …]</c>, the surface's rows, a loss that is not finite as null; flushes every 64 KB so a
    /// 4,000 × 4,000 surface streams (Utf8JsonWriter keeps everything until flushed).
    /// </summary>
    internal static void WriteMatrix(Utf8JsonWriter json, string name, LossSurface surface)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        for (var i = 0; i < surface.Axis1.Count; i++)
        {
            json.WriteStartArray();
            foreach (var value in surface.Row(i))
            {
                Numbers.WriteJson(json, value);
            }

            json.WriteEndArray();
            if (json.BytesPending > (1 << 16))
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
    }

    /// <summary>One row of trajectory.csv.</summary>
    /// <param name="Epoch">Epochs completed.</param>
    /// <param name="Step">Steps taken.</param>
    /// <param name="W1">First plane coordinate.</param>
    /// <param name="W2">Second plane coordinate.</param>
    /// <param name="TestLoss">Test loss.</param>
    /// <param name="TrainLoss">Training loss.</param>
    /// <param name="LearningRate">Learning rate in force.</param>
    public readonly record struct PathRow(int Epoch, int Step, double W1, double W2, double TestLoss, double TrainLoss, double LearningRate);

    /// <summary>The rows of a trajectory in plane coordinates.</summary>
    public static IReadOnlyList<PathRow> Rows(Trajectory trajectory, SurfacePlane plane)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(plane);
        return trajectory.Records.Select(r =>
        {
            var (a, b) = plane.Project(r.Parameters);
            return new PathRow(r.Epoch, r.Step, a, b, r.TestLoss, r.TrainLoss, r.LearningRate);
        }).ToArray();
    }

    /// <summary>Writes trajectory.csv: <c>epoch,step,w1,w2,test_loss,train_loss,lr</c>.</summary>
    public static void WriteTrajectoryCsv(string path, IReadOnlyList<PathRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder("epoch,step,w1,w2,test_loss,train_loss,lr\n");
        foreach (var row in rows)
        {
            AppendRow(csv, row);
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>Appends one trajectory row (no leading column) and a newline.</summary>
    public static void AppendRow(StringBuilder csv, PathRow row)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.Append(Numbers.Format(row.Epoch)).Append(',')
            .Append(Numbers.Format(row.Step)).Append(',')
            .Append(Numbers.Format(row.W1)).Append(',')
            .Append(Numbers.Format(row.W2)).Append(',')
            .Append(Numbers.Format(row.TestLoss)).Append(',')
            .Append(Numbers.Format(row.TrainLoss)).Append(',')
            .Append(Numbers.Format(row.LearningRate)).Append('\n');
    }

    /// <summary>
    /// Writes data.csv: <c>index,x,y,split</c> (a data file's inputs and target by name; standardised inputs as trained
    /// on; array data without their inputs) with split <c>train</c> or <c>test</c>.
    /// </summary>
    public static void WriteDataCsv(string path, Dataset data, TrainTestSplit split)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var isTest = new bool[data.Count];
        foreach (var index in split.Test)
        {
            isTest[index] = true;
        }

        // Streamed row by row: a million points would otherwise build a 100 MB string first.
        AtomicFile.Write(path, stream =>
        {
            using var csv = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            // The synthetic data's header is index,x,y,split; a data file's columns keep their names.
            // Array data (images) keep their inputs in their own file: data.csv holds the targets and the split.
            var inputs = data.SampleShape is null ? data.Inputs : 0;
            csv.Write(inputs == 0 ? $"index,{data.TargetName},split\n" : $"index,{string.Join(',', data.FeatureNames)},{data.TargetName},split\n");
            for (var i = 0; i < data.Count; i++)
            {
                csv.Write(Numbers.Format(i));
                csv.Write(',');
                for (var j = 0; j < inputs; j++)
                {
                    csv.Write(Numbers.Format(data.X[(i * inputs) + j]));
                    csv.Write(',');
                }

                csv.Write(Numbers.Format(data.Y[i]));
                csv.Write(isTest[i] ? ",test\n" : ",train\n");
            }
        });
    }

    /// <summary>Writes <c>name: […]</c>, a value that is not finite as null.</summary>
    internal static void WriteArray(Utf8JsonWriter json, string name, ReadOnlySpan<double> values)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var value in values)
        {
            Numbers.WriteJson(json, value);
        }

        json.WriteEndArray();
    }
}
