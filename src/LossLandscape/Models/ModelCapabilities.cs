namespace LossLandscape.Models;

/// <summary>Finds a model's capabilities by their interface.</summary>
public static class ModelCapabilities
{
    /// <summary>The model's capability <typeparamref name="T"/> (see <see cref="IModel.Capability(Type)"/>), or null when it has none.</summary>
    public static T? Capability<T>(this IModel model)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Capability(typeof(T)) as T;
    }
}
