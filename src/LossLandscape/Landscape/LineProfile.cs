using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Landscape;

/// <summary>The losses along a line θ(α) = (1 − α)·θ_from + α·θ_to, exact in float64.</summary>
public sealed class LineProfile
{
    /// <summary>The line.</summary>
    public required ParameterLine Line { get; init; }

    /// <summary>The α values (the given range, grown to cover the records' projections).</summary>
    public required GridAxis Alpha { get; init; }

    /// <summary>The test loss at each α.</summary>
    public required double[] TestLoss { get; init; }

    /// <summary>The training loss at each α.</summary>
    public required double[] TrainLoss { get; init; }

    /// <summary>The index of the lowest finite test loss (the first point when none is finite).</summary>
    public int Lowest
    {
        get
        {
            var lowest = 0;
            for (var i = 1; i < TestLoss.Length; i++)
            {
                if (!double.IsFinite(TestLoss[lowest]) || TestLoss[i] < TestLoss[lowest])
                {
                    lowest = i;
                }
            }

            return lowest;
        }
    }
}
