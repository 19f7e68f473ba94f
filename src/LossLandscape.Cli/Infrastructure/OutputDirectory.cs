using LossLandscape.Platform;


namespace LossLandscape.Cli.Infrastructure;

/// <summary>Opens the --out directory as a <see cref="RunFolder"/>: files go to its staging folder until the run commits.</summary>
public static class OutputDirectory
{
    /// <summary>
    /// Locks and checks the directory (created if missing) and opens a staging folder beside it; bad or busy
    /// directories become a <see cref="UsageException"/> naming <paramref name="option"/>.
    /// </summary>
    public static RunFolder Prepare(string option, string? path)
    {
        ArgumentNullException.ThrowIfNull(option);
        try
        {
            return RunFolder.Open(path ?? string.Empty, option.TrimStart('-'));
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException($"{option}: {LandscapeOutput.Flags(e.Message)}");
        }
    }
}
