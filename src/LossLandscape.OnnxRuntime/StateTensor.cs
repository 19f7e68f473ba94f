namespace LossLandscape.OnnxRuntime;

/// <summary>
/// A float initializer that is state, not a parameter (a BatchNorm's running mean or variance): the graph reads it, no
/// direction moves it.
/// </summary>
/// <param name="Name">The initializer's name, e.g. <c>2.running_mean</c>.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Values">Its values as the file holds them.</param>
public sealed record StateTensor(string Name, IReadOnlyList<int> Shape, IReadOnlyList<double> Values);
