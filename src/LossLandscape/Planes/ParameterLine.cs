using LossLandscape.Models;

namespace LossLandscape.Planes;

/// <summary>The line θ(α) = (1 − α)·θ_from + α·θ_to through two parameter vectors (α = 0 is θ_from, α = 1 is θ_to exactly).</summary>
public sealed class ParameterLine
{
    /// <summary>Creates the line; an error for field <c>plane</c> when the two vectors are equal or of different lengths.</summary>
    public ParameterLine(double[] from, double[] to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Length != to.Length)
        {
            throw new InvalidOptionException("plane", $"the line's ends have {from.Length} and {to.Length} parameters");
        }

        From = from;
        To = to;
        Direction = new double[from.Length];
        for (var i = 0; i < from.Length; i++)
        {
            Direction[i] = to[i] - from[i];
        }

        Length = DirectionNormalizer.Norm(Direction);
        if (!(Length > 0) || !double.IsFinite(Length))
        {
            throw new InvalidOptionException("plane", "the line's two ends are the same point (a zero direction)");
        }
    }

    /// <summary>θ_from (α = 0).</summary>
    public double[] From { get; }

    /// <summary>θ_to (α = 1).</summary>
    public double[] To { get; }

    /// <summary>θ_to − θ_from.</summary>
    public double[] Direction { get; }

    /// <summary>‖θ_to − θ_from‖.</summary>
    public double Length { get; }

    /// <summary>Writes (1 − α)·θ_from + α·θ_to into <paramref name="destination"/>.</summary>
    public void PointAt(double alpha, Span<double> destination)
    {
        if (destination.Length != From.Length)
        {
            throw new ArgumentException("destination has the wrong length", nameof(destination));
        }

        var beta = 1 - alpha;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (beta * From[i]) + (alpha * To[i]);
        }
    }

    /// <summary>The α of the point of the line closest to θ, and θ's distance to the line.</summary>
    public (double Alpha, double Distance) Project(ReadOnlySpan<double> theta)
    {
        if (theta.Length != From.Length)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; the line has {From.Length}", nameof(theta));
        }

        var alpha = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            // The second pass refines α from the residual of the first.
            var dot = 0.0;
            for (var i = 0; i < theta.Length; i++)
            {
                dot += (theta[i] - From[i] - (alpha * Direction[i])) * Direction[i];
            }

            alpha += dot / Length / Length;
        }

        var residual = new double[theta.Length];
        for (var i = 0; i < theta.Length; i++)
        {
            residual[i] = theta[i] - From[i] - (alpha * Direction[i]);
        }

        return (alpha, DirectionNormalizer.Norm(residual));
    }

    /// <summary>The model's exact loss over (x, y) at each α.</summary>
    public double[] Losses(IModel model, IReadOnlyList<double> alphas, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(alphas);
        var theta = new double[From.Length];
        var losses = new double[alphas.Count];
        for (var k = 0; k < losses.Length; k++)
        {
            PointAt(alphas[k], theta);
            losses[k] = model.Loss(theta, x, y);
        }

        return losses;
    }
}
