namespace LossLandscape.Plotting.Export;

/// <summary>No Chromium to drive: the message names what was looked for.</summary>
public sealed class BrowserNotFoundException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public BrowserNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BrowserNotFoundException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public BrowserNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Finds the Chromium that the static export drives: a given path, or the first known name on PATH.</summary>
public static class BrowserLocator
{
    /// <summary>The executable names looked for on PATH, in order.</summary>
    public static readonly IReadOnlyList<string> Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>
    /// The browser to use: <paramref name="explicitPath"/> when given (it must be an existing file), else the first of
    /// <see cref="Names"/> found on <paramref name="searchPath"/> (default: the PATH variable).
    /// </summary>
    public static string Find(string? explicitPath, string? searchPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full))
            {
                throw new BrowserNotFoundException($"no browser at '{explicitPath}': give the path of a Chromium or Chrome executable");
            }

            return full;
        }

        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in Names)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new BrowserNotFoundException(
            $"no Chromium found: looked for {string.Join(", ", Names)} on PATH; install Chromium or pass --browser PATH");
    }
}
