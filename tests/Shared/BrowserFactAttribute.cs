namespace LossLandscape.Testing;

/// <summary>
/// A test that drives headless Chromium. It always runs, and fails when no browser is found, except on a developer's
/// machine that sets LOSSLANDSCAPE_SKIP_BROWSER_TESTS=1 (never honoured when CI=true).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>The variable that lets a developer skip browser tests.</summary>
    public const string SkipVariable = "LOSSLANDSCAPE_SKIP_BROWSER_TESTS";

    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            Skip = $"{SkipVariable}=1: browser tests skipped on this machine";
        }
    }
}
