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
        var logits = _valueOffsets[^1] + (ChunkSize * outputs);
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            Forward(theta, x.Slice(start * Inputs, count * Inputs), count, buffer);
            for (var s = 0; s < count; s++)
            {
                // Unit-major: sample s's logit k sits at logits + k·ChunkSize + s.
                var row = buffer.AsSpan(logits + s);
                var best = 0;
                for (var k = 1; k < outputs; k++)
                {
                    if (row[k * ChunkSize] > row[best * ChunkSize])
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
        var logits = _valueOffsets[^1] + (ChunkSize * outputs);
        var row = outputs <= 512 ? stackalloc double[outputs] : new double[outputs];
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            var input = x.Slice(start * Inputs, count * Inputs);
            Forward(theta, input, count, buffer);
            var delta = buffer.AsSpan(_deltaOffset, outputs * ChunkSize);
            if (withGradient)
            {
                // Padding lanes of the output deltas stay zero, as Backward expects.
                delta.Clear();
            }

            for (var s = 0; s < count; s++)
            {
                // Unit-major: sample s's logit k sits at logits + k·ChunkSize + s.
                for (var k = 0; k < outputs; k++)
                {
                    row[k] = buffer[logits + (k * ChunkSize) + s];
                }

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
                    for (var k = 0; k < outputs; k++)
                    {
                        delta[(k * ChunkSize) + s] = Math.Exp(row[k] - logSum);
                    }

                    delta[(target * ChunkSize) + s] -= 1.0;
                }
            }

            if (withGradient)
            {
                Backward(theta, count, buffer, gradient);
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
