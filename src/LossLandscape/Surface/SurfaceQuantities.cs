namespace LossLandscape.Surface;

/// <summary>Which losses a plane's surfaces show; combine them with <c>|</c>.</summary>
[Flags]
public enum SurfaceQuantities
{
    /// <summary>Nothing (not a valid request).</summary>
    None = 0,

    /// <summary>The mean loss over the test set.</summary>
    Test = 1,

    /// <summary>The mean loss over the training set.</summary>
    Train = 2,

    /// <summary>The generalisation gap: test loss − training loss (computes both).</summary>
    Gap = 4,

    /// <summary>Test, train and gap.</summary>
    All = Test | Train | Gap,

    /// <summary>λmax of the full Hessian at each grid point (the curvature stage computes it; not a loss).</summary>
    Sharpness = 8,

    /// <summary>The test accuracy of a classifier (cross-entropy only), beside the losses; not part of <see cref="All"/>.</summary>
    Accuracy = 16,
}
