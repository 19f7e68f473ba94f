using LossLandscape.Experiments;
using LossLandscape.Files;
using LossLandscape.Models;

namespace LossLandscape.Landscape;

/// <summary>The parameter vector training starts from.</summary>
public static class ModelStart
{
    /// <summary>
    /// The start: the given vector or weights file; else <c>--init W1,W2</c> (every hidden weight W1, every output
    /// weight W2) when given or when the model is the seed's; else PyTorch's default initialisation from
    /// <see cref="ExperimentOptions.InitSeed"/> (default 0).
    /// </summary>
    public static double[] Initial(IModel model, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.InitWeights is { } file)
        {
            return WeightsFile.Read(file, model.Layout, "init-weights");
        }

        if (options.InitVector is { } vector)
        {
            if (vector.Count != model.ParameterCount || !vector.All(double.IsFinite))
            {
                // The vector comes from the model file's own weights when one was given, else from the caller.
                var field = options.ModelFile is not null ? "model" : "init-weights";
                var what = vector.Count != model.ParameterCount ? $"{vector.Count} parameters; the model has {model.ParameterCount}" : "a weight that is not finite";
                throw new InvalidOptionException(field, options.ModelFile is not null ? $"{options.ModelFile} holds {what}" : $"the start holds {what}");
            }

            return [.. vector];
        }

        var spec = options.ModelSpec;
        if (options.InitGiven || (options.InitSeed is null && spec.IsSeedShape))
        {
            return model.Capability<IUniformStart>() is { } uniform
                ? uniform.Uniform(options.InitW1, options.InitW2)
                : throw new InvalidOptionException("init", "W1,W2 describes a 1,N,1 network");
        }

        // The seed's network draws PyTorch's start the same way as the MLP of the same shape (its IDefaultStart).
        var seed = options.InitSeed ?? 0;
        return (model.Capability<IDefaultStart>() ?? new Mlp(spec)).Initialize(seed);
    }
}
