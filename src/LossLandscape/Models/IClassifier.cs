namespace LossLandscape.Models;

/// <summary>Classification outputs: the fraction of samples whose largest output is the target class.</summary>
public interface IClassifier : IModel
{
    /// <summary>The loss the model computes (an accuracy surface needs cross-entropy).</summary>
    LossKind LossKind { get; }

    /// <summary>The fraction of samples of (<paramref name="x"/>, <paramref name="y"/>) whose largest output at θ is the target class.</summary>
    double Accuracy(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y);
}
