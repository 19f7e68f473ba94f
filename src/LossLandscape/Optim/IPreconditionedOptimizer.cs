namespace LossLandscape.Optim;

/// <summary>An optimizer whose step is θ ← θ − lr·P⁻¹·m for a positive diagonal P that it adapts (Adam and AdamW).</summary>
public interface IPreconditionedOptimizer : IOptimizer
{
    /// <summary>
    /// Writes the diagonal P in force for the next step into <paramref name="destination"/>; returns false (and writes
    /// nothing) before the first step, when there is no P yet.
    /// </summary>
    bool WritePreconditioner(Span<double> destination);
}
