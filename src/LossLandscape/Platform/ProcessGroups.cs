namespace LossLandscape.Platform;

/// <summary>Ends a whole process group at once: a browser and every process it started.</summary>
public static class ProcessGroups
{
    /// <summary>SIGKILL to every process in the group led by <paramref name="leader"/>; false where there is no such group.</summary>
    public static bool Kill(int leader)
    {
        if (leader <= 1 || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return false;
        }

        // kill(-pgid) reaches every member, including children already orphaned from the leader.
        return PosixNative.Kill(-leader, 9) == 0;
    }
}
