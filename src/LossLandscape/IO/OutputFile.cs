namespace LossLandscape.IO;

/// <summary>
/// Checks a file the run will write besides its folder (e.g. <c>--export-onnx</c>) before any work: not a folder, its
/// folder exists and is writable, and it is not inside the run folder (which the run replaces as a whole). Every
/// refusal is one <see cref="InvalidOptionException"/> naming the option; nothing is left behind.
/// </summary>
public static class OutputFile
{
    /// <summary>Throws <see cref="InvalidOptionException"/> for <paramref name="option"/> when <paramref name="path"/> cannot be written after the run into <paramref name="runFolder"/>.</summary>
    public static void Check(string path, string option, string? runFolder = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOptionException(option, "a file name is required");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidOptionException(option, $"'{path}' is not a valid path");
        }

        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            throw new InvalidOptionException(option, $"'{path}' is a folder; give a file name");
        }

        if (runFolder is not null && Inside(RealOrFull(full), RealOrFull(Path.GetFullPath(runFolder))))
        {
            throw new InvalidOptionException(option, $"'{path}' is inside the run folder {runFolder}, which each run replaces as a whole; write it elsewhere");
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new InvalidOptionException(option, $"the folder of '{path}' does not exist; create it first");
        }

        // A probe file (created and removed at once) tells whether the folder takes new files: permissions, a read-only
        // mount or a pseudo file system such as /proc.
        var probe = Path.Combine(folder, $".losslandscape-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(option, $"cannot write into the folder of '{path}' ({e.Message})");
        }

        if (File.Exists(full) && (File.GetAttributes(full) & FileAttributes.ReadOnly) != 0)
        {
            throw new InvalidOptionException(option, $"'{path}' is read-only");
        }
    }

    private static string RealOrFull(string path)
    {
        var folder = Path.GetDirectoryName(path);
        return folder is not null && Directory.Exists(folder) && PosixNative.Resolve(folder) is { } real
            ? Path.Combine(real, Path.GetFileName(path))
            : path;
    }

    private static bool Inside(string path, string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        return path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == folder;
    }
}
