namespace LossLandscape.Models;

/// <summary>The loss a model is trained and sliced with.</summary>
public enum LossKind
{
    /// <summary>PyTorch's <c>MSELoss</c>: the mean of the squared errors over every output of every sample.</summary>
    MeanSquaredError,

    /// <summary>
    /// PyTorch's <c>CrossEntropyLoss</c>: log-softmax over the K outputs, then the mean negative log-likelihood of the
    /// target class index (one per sample, an integer in 0…K−1).
    /// </summary>
    CrossEntropy,
}
