using System.Diagnostics;
using System.IO.Compression;
using LossLandscape.Plotting;

namespace LossLandscape.Lab;

/// <summary>
/// The download of a run: the files <c>losslandscape run</c> writes for it (the data files, analysis.json, the HTML
/// views and run.json), made by the same call the command makes (<see cref="RunOutput.Write"/>), plus command.txt with
/// the command that redraws it.
/// </summary>
internal static class RunArchive
{
    /// <summary>The name of the file with the command line in the zip.</summary>
    public const string CommandFile = "command.txt";

    /// <summary>
    /// The zip's bytes. <paramref name="words"/> are the command's words after <c>losslandscape run</c>;
    /// <paramref name="describe"/> turns them into run.json's options and the views as the command line parses them
    /// (null: the words as given, default views). Files go through a private temporary folder: nothing a client sends
    /// names a path.
    /// </summary>
    public static byte[] Create(LabRun run, string command, IReadOnlyList<string> words, Func<IReadOnlyList<string>, RunOutputSettings>? describe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var clock = Stopwatch.StartNew();
        var result = run.Complete(run.Options, cancellationToken);
        var settings = describe?.Invoke(words) ?? new RunOutputSettings { Options = LabCommand.AsOptions(words) };
        var folder = Directory.CreateTempSubdirectory("losslandscape-lab-");
        try
        {
            var dir = folder.FullName;
            RunOutput.Write(dir, result, settings with { Command = "run", Formats = [], Exporter = null }, clock, cancellationToken);
            File.WriteAllText(Path.Combine(dir, CommandFile), command + "\n");
            cancellationToken.ThrowIfCancellationRequested();
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var path in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                {
                    archive.CreateEntryFromFile(path, Path.GetFileName(path), CompressionLevel.Fastest);
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
