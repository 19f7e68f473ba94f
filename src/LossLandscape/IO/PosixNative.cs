using System.Runtime.InteropServices;

namespace LossLandscape.IO;

/// <summary>The few libc calls the run folder needs: directory locks, atomic exchange of two paths, and signals.</summary>
internal static partial class PosixNative
{
    /// <summary><c>O_RDONLY | O_CLOEXEC</c>: the lock descriptor must not leak into child processes (a surviving browser would hold the lock).</summary>
    public const int OpenReadOnlyCloseOnExec = 0x80000;

    /// <summary><c>LOCK_EX | LOCK_NB</c>.</summary>
    public const int LockExclusiveNonBlocking = 2 | 4;

    /// <summary><c>AT_FDCWD</c>: paths relative to the working directory.</summary>
    public const int AtCurrentDirectory = -100;

    /// <summary><c>RENAME_EXCHANGE</c>: swap the two paths in one step.</summary>
    public const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    internal static partial void Free(IntPtr pointer);

    /// <summary>The path with every symbolic link and <c>..</c> resolved, or null when it cannot be (or off Linux and macOS).</summary>
    internal static string? Resolve(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
