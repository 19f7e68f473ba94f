namespace LossLandscape.Models;

/// <summary>The nonlinearity between two linear layers of an MLP (none follows the last layer).</summary>
public enum Activation
{
    /// <summary>tanh(z).</summary>
    Tanh,

    /// <summary>max(0, z).</summary>
    Relu,

    /// <summary>1 / (1 + e^(−z)).</summary>
    Sigmoid,

    /// <summary>PyTorch's exact GELU: z·Φ(z) = z/2·(1 + erf(z/√2)).</summary>
    Gelu,

    /// <summary>The identity.</summary>
    Linear,
}
