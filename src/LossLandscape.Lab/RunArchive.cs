using System.IO.Compression;
using System.Text;
using LossLandscape.IO;
using LossLandscape.Pipeline;

namespace LossLandscape.Lab;

/// <summary>
/// The download of a run: the data files <c>losslandscape run</c> writes (surface.json, trajectory.csv, weights.npy,
/// directions.json, data.csv), made by the core's own writers, plus command.txt with the command that redraws it.
/// </summary>
internal static class RunArchive
{
    /// <summary>The zip's bytes. Files go through a private temporary folder: nothing a client sends names a path.</summary>
    public static byte[] Create(LabRun run, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var session = run.Session;
        var surfaces = session.Surfaces(cancellationToken);
        var records = run.Records();
        var folder = Directory.CreateTempSubdirectory("losslandscape-lab-");
        try
        {
            var dir = folder.FullName;
            PipelineFiles.WriteSurfaces(Path.Combine(dir, "surface.json"), surfaces);
            var csv = new StringBuilder(PipelineFiles.TrajectoryHeader(session.Directions.Kind)).Append('\n');
            foreach (var (record, projection) in records)
            {
                PipelineFiles.AppendRow(csv, session.Directions.Kind, record, projection);
            }

            AtomicFile.WriteAllText(Path.Combine(dir, "trajectory.csv"), csv.ToString());
            if (records.Length > 0)
            {
                PipelineFiles.WriteWeights(Path.Combine(dir, "weights.npy"), records.Select(r => r.Record));
            }

            DirectionsFile.Write(Path.Combine(dir, "directions.json"), session.Directions);
            ResultFiles.WriteDataCsv(Path.Combine(dir, "data.csv"), session.Data, session.Split);
            File.WriteAllText(Path.Combine(dir, "command.txt"), command + "\n");
            cancellationToken.ThrowIfCancellationRequested();
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var name in new[] { "surface.json", "trajectory.csv", "weights.npy", "directions.json", "data.csv", "command.txt" })
                {
                    var path = Path.Combine(dir, name);
                    if (File.Exists(path))
                    {
                        archive.CreateEntryFromFile(path, name, CompressionLevel.Fastest);
                    }
                }
            }

            return zip.ToArray();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
