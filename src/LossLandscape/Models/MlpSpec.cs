using System.Globalization;

namespace LossLandscape.Models;

/// <summary>
/// The shape of an MLP: <c>nn.Sequential(Linear(n₀, n₁), act, Linear(n₁, n₂), act, …, Linear)</c> with the sizes
/// (input, hidden…, output) in <see cref="Layers"/>, the activation between layers (none after the last) and a bias in
/// every layer or none. The defaults are the seed's network (1, 1, 1; tanh; no bias).
/// </summary>
/// <param name="Layers">Sizes: input, hidden…, output.</param>
/// <param name="Activation">The nonlinearity between layers.</param>
/// <param name="Bias">Whether every layer has a bias.</param>
public sealed record MlpSpec(IReadOnlyList<int> Layers, Activation Activation = Activation.Tanh, bool Bias = false)
{
    /// <summary>The most parameters an MLP may have (80 MB of float64 per vector).</summary>
    public const long MaxParameters = 10_000_000;

    /// <summary>The most units one layer may have.</summary>
    public const int MaxWidth = 65_536;

    /// <summary>The seed's 1 → <paramref name="hidden"/> → 1 tanh network without biases.</summary>
    public static MlpSpec Seed(int hidden) => new([1, hidden, 1]);

    /// <summary>Number of parameters (long, so an oversized spec can be reported rather than overflow).</summary>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            for (var i = 0; i + 1 < (Layers?.Count ?? 0); i++)
            {
                count += ((long)Layers![i] * Layers[i + 1]) + (Bias ? Layers[i + 1] : 0);
            }

            return count;
        }
    }

    /// <summary>True for the seed's 1 → N → 1 tanh network without biases (the one <c>init W1,W2</c> describes).</summary>
    public bool IsSeedShape => Layers is [1, _, 1] && Activation == Activation.Tanh && !Bias;

    /// <summary>
    /// Every problem with the spec, each naming its field (<c>layers</c>, <c>activation</c>) as the core names options,
    /// without dashes; empty when the spec is valid. <paramref name="inputs"/> and <paramref name="outputs"/>, when
    /// given, are the sizes the data requires (MSE over one output for now, so outputs is 1 by default).
    /// </summary>
    public IReadOnlyList<InvalidOptionException> Validate(int? inputs = null, int? outputs = 1)
    {
        var errors = new List<InvalidOptionException>();
        if (Layers is null || Layers.Count < 2)
        {
            errors.Add(new InvalidOptionException("layers", "needs at least two sizes (input,output), e.g. 1,16,16,1"));
        }
        else if (Layers.Any(size => size < 1 || size > MaxWidth))
        {
            errors.Add(new InvalidOptionException("layers", $"every size must be between 1 and {MaxWidth} (got {Text(Layers)})"));
        }
        else
        {
            if (ParameterCount > MaxParameters)
            {
                errors.Add(new InvalidOptionException("layers", $"{Text(Layers)} has {ParameterCount} parameters; at most {MaxParameters} are allowed"));
            }

            if (inputs is { } i && Layers[0] != i)
            {
                errors.Add(new InvalidOptionException("layers", $"the input size must be the data's {i} (got {Layers[0]})"));
            }

            if (outputs is { } o && Layers[^1] != o)
            {
                errors.Add(new InvalidOptionException("layers", $"the output size must be {o} (got {Layers[^1]})"));
            }
        }

        if (!Enum.IsDefined(Activation))
        {
            errors.Add(new InvalidOptionException("activation", $"must be one of tanh, relu, sigmoid, gelu, linear (got {(int)Activation})"));
        }

        return errors;
    }

    /// <summary>Throws the first error of <see cref="Validate"/>, if any.</summary>
    public void ThrowIfInvalid(int? inputs = null, int? outputs = 1)
    {
        var errors = Validate(inputs, outputs);
        if (errors.Count > 0)
        {
            throw errors[0];
        }
    }

    /// <summary>The sizes as the command line writes them, e.g. <c>1,16,16,1</c>.</summary>
    public override string ToString() =>
        $"{Text(Layers ?? [])} {Activation.ToString().ToLowerInvariant()}{(Bias ? " with biases" : string.Empty)}";

    private static string Text(IEnumerable<int> sizes) => string.Join(',', sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
