namespace LossLandscape.Models;

/// <summary>PyTorch's default start for the model's layers, drawn from a seed.</summary>
public interface IDefaultStart
{
    /// <summary>PyTorch's default <c>nn.Linear</c> start drawn from <paramref name="seed"/> (numpy's legacy generator).</summary>
    double[] Initialize(uint seed);
}
