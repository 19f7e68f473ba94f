using System.Globalization;
using System.Runtime.InteropServices;

namespace LossLandscape.IO;

/// <summary>
/// One whole run per output folder. A run writes its files into <see cref="Path"/>, a staging folder beside the
/// target, and <see cref="Commit"/> swaps it with the target in one step (Linux <c>renameat2(RENAME_EXCHANGE)</c>), so
/// after any failure, signal or kill the target holds either the previous complete run or the new one, never a mix.
/// The target is locked (<c>flock</c>, released by the kernel when the process dies) from <see cref="Open"/> to
/// <see cref="Dispose"/>: a second run into it is refused. Files the tool did not write are never deleted: a target
/// holding any is refused.
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>The file in every committed run folder that lists the files the run wrote, one per line.</summary>
    public const string MarkerName = ".losslandscape-run";

    /// <summary>The first line of the marker.</summary>
    public const string MarkerHeader = "# files written by one losslandscape run; the folder is replaced as a whole by the next run";

    /// <summary>
    /// The names earlier versions wrote before the marker existed: a folder holding only these and a run.json of the
    /// tool is taken as an earlier run.
    /// </summary>
    public static readonly IReadOnlySet<string> LegacyNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "run.json", "landscape.html", "contour.html", "compare.html", "analysis.json", "surface.json", "trajectory.csv",
        "trajectories.csv", "data.csv", "plotly.min.js", "landscape.png", "landscape.svg", "contour.png", "contour.svg",
        "compare.png", "compare.svg",
    };

    private const string StagingInfix = ".losslandscape-staging-";
    private readonly Lock _gate = new();
    private readonly bool _createdTarget;
    private readonly IDisposable _hook;
    private DirectoryLock? _targetLock;
    private DirectoryLock? _stagingLock;
    private bool _committed;
    private bool _abandoned;

    private RunFolder(string target, string staging, bool createdTarget, DirectoryLock targetLock, DirectoryLock stagingLock)
    {
        Target = target;
        Path = staging;
        _createdTarget = createdTarget;
        _targetLock = targetLock;
        _stagingLock = stagingLock;
        _hook = ShutdownHooks.Register(Abandon);
    }

    /// <summary>The output folder as given, made absolute.</summary>
    public string Target { get; }

    /// <summary>The staging folder the run writes into (beside <see cref="Target"/>, same file system).</summary>
    public string Path { get; }

    /// <summary>
    /// Locks <paramref name="target"/> (created if missing), checks it is empty or holds an earlier run, removes staging
    /// folders that dead runs left beside it, and creates a fresh staging folder. Throws
    /// <see cref="InvalidOptionException"/> for <paramref name="option"/> when the folder cannot be used.
    /// </summary>
    public static RunFolder Open(string target, string option = "out")
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new InvalidOptionException(option, "a directory is required");
        }

        string full;
        try
        {
            full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(target));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidOptionException(option, $"'{target}' is not a valid path");
        }

        var parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null)
        {
            throw new InvalidOptionException(option, $"'{target}' is a root directory; give a folder of its own");
        }

        if (File.Exists(full))
        {
            throw new InvalidOptionException(option, $"'{target}' is a file; give a directory (it is created if missing)");
        }

        // The run replaces the folder as a whole, which would replace a link by a folder: the folder itself is needed.
        if (new DirectoryInfo(full).LinkTarget is { } link)
        {
            throw new InvalidOptionException(option, $"'{target}' is a symbolic link (to {link}); give the folder it points to");
        }

        // A parent reached through links is named by its real path, which is what the lock sees.
        if (Directory.Exists(parent) && PosixNative.Resolve(parent) is { } realParent && realParent != parent)
        {
            parent = realParent;
            full = System.IO.Path.Combine(realParent, System.IO.Path.GetFileName(full));
        }

        var created = !Directory.Exists(full);
        DirectoryLock? targetLock = null;
        try
        {
            Directory.CreateDirectory(full);
            targetLock = DirectoryLock.TryAcquire(full)
                ?? throw new InvalidOptionException(option, $"'{target}' is being written by another losslandscape run; wait for it to finish or choose another directory");
            var foreign = ForeignEntries(full);
            if (foreign.Count > 0)
            {
                var shown = string.Join(", ", foreign.Take(3)) + (foreign.Count > 3 ? $" and {foreign.Count - 3} more" : string.Empty);
                throw new InvalidOptionException(option, $"'{target}' holds files losslandscape did not write ({shown}); give an empty or new directory, or one holding an earlier run");
            }

            RemoveStale(parent, System.IO.Path.GetFileName(full));
            var staging = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(full)}{StagingInfix}{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            var stagingLock = DirectoryLock.TryAcquire(staging) ?? throw new IOException($"could not lock the staging folder '{staging}'");
            return new RunFolder(full, staging, created, targetLock, stagingLock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            targetLock?.Dispose();
            RemoveIfEmpty(full, created);
            throw new InvalidOptionException(option, $"cannot write to '{target}' ({e.Message})");
        }
        catch
        {
            targetLock?.Dispose();
            RemoveIfEmpty(full, created);
            throw;
        }
    }

    /// <summary>
    /// Writes the marker and swaps the staging folder in for the target; the previous run is then removed. Throws
    /// <see cref="OperationCanceledException"/> when the run was abandoned by a signal first.
    /// </summary>
    public void Commit()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_targetLock is null, this);
            if (_abandoned)
            {
                throw new OperationCanceledException("the run was stopped before its files were in place");
            }

            var names = Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OfType<string>()
                .Where(n => n != MarkerName).Order(StringComparer.Ordinal).ToArray();
            AtomicFile.WriteAllText(System.IO.Path.Combine(Path, MarkerName), MarkerHeader + "\n" + string.Join("\n", names) + "\n");
            Exchange(Path, Target);
            _committed = true;
        }

        // The staging path now holds the previous run (or the empty folder Open created).
        DeleteTree(Path);
    }

    /// <summary>
    /// Called on a signal: removes the staging folder unless the run is already in place. Safe from any thread and
    /// more than once.
    /// </summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            DeleteTree(Path);
            if (!_committed)
            {
                RemoveIfEmpty(Target, _createdTarget);
            }
        }
    }

    /// <summary>Removes the staging folder when the run was not committed, and releases the locks.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_targetLock is null)
            {
                return;
            }

            DeleteTree(Path);
            if (!_committed)
            {
                RemoveIfEmpty(Target, _createdTarget);
            }

            _stagingLock?.Dispose();
            _targetLock.Dispose();
            _stagingLock = null;
            _targetLock = null;
        }

        _hook.Dispose();
    }

    /// <summary>The entries of <paramref name="folder"/> that no earlier run of the tool wrote, sorted.</summary>
    public static IReadOnlyList<string> ForeignEntries(string folder)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder).Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        if (entries.Count == 0)
        {
            return [];
        }

        var marker = System.IO.Path.Combine(folder, MarkerName);
        HashSet<string> known;
        if (File.Exists(marker))
        {
            var lines = File.ReadAllLines(marker);
            known = lines.Length > 0 && lines[0] == MarkerHeader
                ? new HashSet<string>(lines.Skip(1).Where(l => l.Length > 0).Append(MarkerName), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
        else
        {
            known = IsLegacyRun(folder) ? new HashSet<string>(LegacyNames, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        }

        return entries.Where(e => !(known.Contains(e) && !Directory.Exists(System.IO.Path.Combine(folder, e))) && !IsLegacyTemporary(e, known))
            .Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>An earlier version's run: a run.json that names the tool.</summary>
    private static bool IsLegacyRun(string folder)
    {
        var runJson = System.IO.Path.Combine(folder, "run.json");
        if (!File.Exists(runJson))
        {
            return false;
        }

        using var reader = new StreamReader(runJson);
        var buffer = new char[256];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains("\"tool\": \"losslandscape\"", StringComparison.Ordinal);
    }

    /// <summary>The hidden temporary files earlier versions left beside the files they renamed into place.</summary>
    private static bool IsLegacyTemporary(string name, HashSet<string> known) =>
        name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) && known.Count > 0
        && (name.StartsWith(".losslandscape-probe-", StringComparison.Ordinal) || known.Any(k => name.StartsWith($".{k}.", StringComparison.Ordinal)));

    /// <summary>Removes staging folders of <paramref name="name"/> left by dead runs (the caller holds the target's lock, so no live run owns one).</summary>
    private static void RemoveStale(string parent, string name)
    {
        foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}{StagingInfix}*"))
        {
            DeleteTree(stale);
        }
    }

    /// <summary>Swaps two directories in one step; where the kernel or file system cannot, moves the target aside first.</summary>
    private static void Exchange(string staging, string target)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (PosixNative.RenameAt2(PosixNative.AtCurrentDirectory, staging, PosixNative.AtCurrentDirectory, target, PosixNative.RenameExchange) == 0)
                {
                    return;
                }
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        // Not atomic: for a moment the target is missing, but never a mix of two runs.
        var aside = staging + "-old";
        Directory.Move(target, aside);
        Directory.Move(staging, target);
        Directory.Move(aside, staging);
    }

    private static void RemoveIfEmpty(string folder, bool created)
    {
        if (!created)
        {
            return;
        }

        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes a folder and everything in it, retrying while another thread is still writing into it.</summary>
    private static void DeleteTree(string folder)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>An exclusive <c>flock</c> on a directory, held until disposed or the process ends.</summary>
    private sealed class DirectoryLock : IDisposable
    {
        private int _fd;

        private DirectoryLock(int fd)
        {
            _fd = fd;
        }

        /// <summary>Locks <paramref name="folder"/>, or returns null when another process holds it.</summary>
        public static DirectoryLock? TryAcquire(string folder)
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                return new DirectoryLock(-1);
            }

            for (var attempt = 0; attempt < 10; attempt++)
            {
                var fd = PosixNative.Open(folder, PosixNative.OpenReadOnlyCloseOnExec);
                if (fd < 0)
                {
                    throw new IOException($"cannot open '{folder}' (errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})");
                }

                if (PosixNative.Flock(fd, PosixNative.LockExclusiveNonBlocking) != 0)
                {
                    PosixNative.Close(fd);
                    return null;
                }

                // The folder may have been swapped away or removed between open and flock: then the lock guards
                // nothing, so try again on what the path names now.
                if (!OperatingSystem.IsLinux() || new FileInfo($"/proc/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget == folder)
                {
                    return new DirectoryLock(fd);
                }

                PosixNative.Close(fd);
            }

            throw new IOException($"'{folder}' keeps changing while it is being locked");
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                PosixNative.Close(_fd);
                _fd = -1;
            }
        }
    }
}
