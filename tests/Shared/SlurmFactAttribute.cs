namespace LossLandscape.Testing;

/// <summary>
/// A test that starts a one-node Slurm cluster (scripts/slurm/local-cluster.sh; Debian's slurm-wlm and munge, root).
/// It always runs, and fails when Slurm is missing, except on a developer's machine that sets
/// LOSSLANDSCAPE_SKIP_SLURM_TESTS=1 (never honoured when CI=true).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>The variable that lets a developer skip the Slurm tests.</summary>
    public const string SkipVariable = "LOSSLANDSCAPE_SKIP_SLURM_TESTS";

    public SlurmFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            Skip = $"{SkipVariable}=1: Slurm tests skipped on this machine";
        }
    }
}
