namespace LossLandscape.Models;

/// <summary>The seed's start <c>--init W1,W2</c>: every hidden weight W1, every output weight W2 of a 1 → N → 1 network.</summary>
public interface IUniformStart
{
    /// <summary>
    /// The parameter vector with every hidden weight <paramref name="w1"/>, every output weight <paramref name="w2"/> (and
    /// biases zero). Throws <see cref="InvalidOptionException"/> (<c>init</c>) for a network of another shape.
    /// </summary>
    double[] Uniform(double w1, double w2);
}
