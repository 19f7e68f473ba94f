namespace LossLandscape.Models;

/// <summary>An MLP read from an ONNX graph: its shape, its weights in PyTorch's order, and the graph's value names.</summary>
/// <param name="Spec">The layers, activation and biases.</param>
/// <param name="Theta">The initializers as one float64 vector laid out by <see cref="ModelLayout.ForMlp"/>.</param>
/// <param name="InputName">The graph's input.</param>
/// <param name="OutputName">The graph's output.</param>
public sealed record OnnxMlp(MlpSpec Spec, double[] Theta, string InputName, string OutputName);
