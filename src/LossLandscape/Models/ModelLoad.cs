namespace LossLandscape.Models;

/// <summary>What loading a <see cref="ModelSource"/> gave: the model, or the error (one line naming the option).</summary>
/// <param name="Model">The model; null when loading failed.</param>
/// <param name="Error">Why the source gives no model; null when it does.</param>
public sealed record ModelLoad(IModel? Model, InvalidOptionException? Error)
{
    /// <summary>A loaded model.</summary>
    public static ModelLoad Of(IModel model) => new(model, null);

    /// <summary>A failed load.</summary>
    public static ModelLoad Failed(InvalidOptionException error) => new(null, error);

    /// <summary>The model, or the error thrown.</summary>
    public IModel OrThrow() => Model ?? throw Error!;
}
