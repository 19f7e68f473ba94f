namespace LossLandscape.Cli.Infrastructure;

/// <summary>Checks and prepares the --out directory.</summary>
public static class OutputDirectory
{
    /// <summary>Creates the directory if needed and checks that files can be written there.</summary>
    public static string Prepare(string option, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option}: a directory is required");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option}: '{path}' is not a valid path");
        }

        if (File.Exists(full))
        {
            throw new UsageException($"{option}: '{path}' is a file; give a directory (it is created if missing)");
        }

        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".losslandscape-probe-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot write to '{path}' ({e.Message})");
        }

        return full;
    }
}
