namespace LossLandscape.Models;

/// <summary>What reading an ONNX file as the tool's MLP gave (<see cref="OnnxMlpImport.TryRead"/>): the MLP, or the error.</summary>
/// <param name="Mlp">The MLP; null when the file is not one.</param>
/// <param name="Error">Why the file is not the tool's MLP (one line naming <c>model</c>); null when it is.</param>
/// <param name="NotAnMlp">
/// True when the file is a readable graph that is no MLP (another operator, shape or wiring): a runtime such as ONNX
/// Runtime may evaluate it instead. False for a file that is unreadable or inconsistent.
/// </param>
public sealed record OnnxMlpReading(OnnxMlp? Mlp, InvalidOptionException? Error, bool NotAnMlp);
