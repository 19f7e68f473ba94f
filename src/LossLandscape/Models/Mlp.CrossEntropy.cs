namespace LossLandscape.Models;

/// <summary>The classification half of the MLP: PyTorch's cross-entropy over the outputs as logits, and accuracy.</summary>
public sealed partial class Mlp
{
    /// <summary>
    /// The fraction of samples whose largest output (the first, on ties, as <c>torch.argmax</c>) is the target class;
    /// <paramref name="y"/> holds one class index per sample. Allocates nothing after a thread's first call.
    /// </summary>
    public double Accuracy(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (theta.Length != ParameterCount)
        {
            throw new ArgumentException($"theta must have {ParameterCount} entries (got {theta.Length})", nameof(theta));
        }

        if (x.Length == 0 || x.Length % Inputs != 0 || y.Length != x.Length / Inputs)
        {
            throw new ArgumentException($"x must be samples × {Inputs} values and y one class index per sample");
        }

        var samples = y.Length;
        var buffer = Buffer();
        var outputs = Outputs;
        var correct = 0;
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            Forward(theta, x.Slice(start * Inputs, count * Inputs), count, buffer);
            var output = Output(buffer, count);
            for (var s = 0; s < count; s++)
            {
                var row = output.Slice(s * outputs, outputs);
                var best = 0;
                for (var k = 1; k < outputs; k++)
                {
                    if (row[k] > row[best])
                    {
                        best = k;
                    }
                }

                if (best == y[start + s])
                {
                    correct++;
                }
            }
        }

        return (double)correct / samples;
    }

    /// <summary>
    /// Mean over samples of log Σₖ e^{zₖ} − z_y (the log-sum-exp shifted by the row's maximum, so no logit overflows);
    /// with a non-empty <paramref name="gradient"/> also its gradient, from δ = (softmax(z) − onehot(y)) / n.
    /// </summary>
    private double CrossEntropy(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int samples, Span<double> gradient)
    {
        var buffer = Buffer();
        var outputs = Outputs;
        var withGradient = !gradient.IsEmpty;
        var sum = 0.0;
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            var input = x.Slice(start * Inputs, count * Inputs);
            Forward(theta, input, count, buffer);
            var output = Output(buffer, count);
            var delta = buffer.AsSpan(_deltaOffset, count * outputs);
            for (var s = 0; s < count; s++)
            {
                var row = output.Slice(s * outputs, outputs);
                var target = (int)y[start + s];
                if ((uint)target >= (uint)outputs || target != y[start + s])
                {
                    throw new ArgumentException($"y[{start + s}] = {y[start + s]} is not a class index in 0..{outputs - 1}", nameof(y));
                }

                var max = row[0];
                for (var k = 1; k < outputs; k++)
                {
                    max = Math.Max(max, row[k]);
                }

                var total = 0.0;
                for (var k = 0; k < outputs; k++)
                {
                    total += Math.Exp(row[k] - max);
                }

                var logSum = max + Math.Log(total);
                sum += logSum - row[target];
                if (withGradient)
                {
                    var d = delta.Slice(s * outputs, outputs);
                    for (var k = 0; k < outputs; k++)
                    {
                        d[k] = Math.Exp(row[k] - logSum);
                    }

                    d[target] -= 1.0;
                }
            }

            if (withGradient)
            {
                Backward(theta, input, count, buffer, gradient);
            }
        }

        if (withGradient)
        {
            var scale = 1.0 / samples;
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= scale;
            }
        }

        return sum / samples;
    }
}
