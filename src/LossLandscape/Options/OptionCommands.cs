namespace LossLandscape.Options;

/// <summary>The front ends that offer an option.</summary>
[Flags]
public enum OptionCommands
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>losslandscape run</c>.</summary>
    Run = 1,

    /// <summary><c>losslandscape compare</c>.</summary>
    Compare = 2,

    /// <summary>The web lab's run form and request.</summary>
    Lab = 4,
}
