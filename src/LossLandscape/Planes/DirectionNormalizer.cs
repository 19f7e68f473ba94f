using LossLandscape.Models;

namespace LossLandscape.Planes;

/// <summary>
/// Rescales a direction against the centre θ₀, tensor by tensor, with the semantics of loss-landscape's
/// <c>normalize_directions_for_weights</c>: weight matrices by row (filter), by matrix (layer), as one block (model) or
/// not at all (none); bias vectors zeroed (ignore) or set to θ₀'s own values (keep). A filter is one output channel
/// (<see cref="ParameterTensor.FilterAxis"/>): a row of a linear weight, one output channel's kernel of a convolution.
/// Tensors of kind <see cref="TensorKind.Bias"/> include whatever a graph treats like a bias (BatchNorm's scale and
/// shift); state that is not a parameter (BatchNorm's running statistics) is not in the layout and never moves.
/// </summary>
public static class DirectionNormalizer
{
    /// <summary>Added to a row's norm before dividing by it (loss-landscape's guard against zero rows).</summary>
    public const double FilterGuard = 1e-10;

    /// <summary>Writes the normalised <paramref name="direction"/> into <paramref name="destination"/> (which may be the direction itself).</summary>
    public static void Normalize(
        ReadOnlySpan<double> direction,
        ReadOnlySpan<double> center,
        ModelLayout layout,
        DirectionNormalization normalization,
        BiasTreatment biases,
        Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (direction.Length != layout.Count || center.Length != layout.Count || destination.Length != layout.Count)
        {
            throw new ArgumentException($"direction, centre and destination must have {layout.Count} entries");
        }

        direction.CopyTo(destination);
        var modelScale = normalization == DirectionNormalization.Model ? WeightNorm(center, layout) / WeightNorm(direction, layout) : 1.0;
        foreach (var tensor in layout.Tensors)
        {
            var d = destination[tensor.Range];
            var w = center[tensor.Range];
            if (tensor.Kind == TensorKind.Bias)
            {
                if (biases == BiasTreatment.Ignore)
                {
                    d.Clear();
                }
                else
                {
                    w.CopyTo(d);
                }

                continue;
            }

            switch (normalization)
            {
                case DirectionNormalization.Filter:
                    NormalizeFilters(d, w, tensor);
                    break;
                case DirectionNormalization.Layer:
                    Scale(d, Norm(w) / Norm(d));
                    break;
                case DirectionNormalization.Model:
                    Scale(d, modelScale);
                    break;
                case DirectionNormalization.None:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null);
            }
        }
    }

    /// <summary>The normalised copy of <paramref name="direction"/>.</summary>
    public static double[] Normalize(
        ReadOnlySpan<double> direction, ReadOnlySpan<double> center, ModelLayout layout, DirectionNormalization normalization, BiasTreatment biases)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var result = new double[layout.Count];
        Normalize(direction, center, layout, normalization, biases, result);
        return result;
    }

    /// <summary>The Euclidean norm, computed without overflow or underflow for any finite entries.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        var largest = 0.0;
        foreach (var x in v)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        if (largest == 0 || !double.IsFinite(largest))
        {
            return largest;
        }

        // Plain sum of squares when it cannot overflow or lose digits to underflow; scaled otherwise.
        if (largest is > 1e-150 and < 1e150)
        {
            var sum = 0.0;
            foreach (var x in v)
            {
                sum += x * x;
            }

            return Math.Sqrt(sum);
        }

        var scaled = 0.0;
        foreach (var x in v)
        {
            var s = x / largest;
            scaled += s * s;
        }

        return largest * Math.Sqrt(scaled);
    }

    /// <summary>Scales each filter of <paramref name="d"/> to the norm of the same filter of <paramref name="w"/>.</summary>
    private static void NormalizeFilters(Span<double> d, ReadOnlySpan<double> w, ParameterTensor tensor)
    {
        var size = tensor.FilterLength;
        if (tensor.FilterAxis == 0)
        {
            for (var f = 0; f < tensor.Filters; f++)
            {
                var df = d.Slice(f * size, size);
                Scale(df, Norm(w.Slice(f * size, size)) / (Norm(df) + FilterGuard));
            }

            return;
        }

        // Filters along a later axis are strided: gather each into a scratch copy, scale it there and scatter it back.
        var stride = tensor.FilterStride;
        var blocks = tensor.Length / (tensor.Filters * stride);
        var wf = new double[size];
        var dg = new double[size];
        for (var f = 0; f < tensor.Filters; f++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = ((b * tensor.Filters) + f) * stride;
                w.Slice(start, stride).CopyTo(wf.AsSpan(b * stride));
                d.Slice(start, stride).CopyTo(dg.AsSpan(b * stride));
            }

            var factor = Norm(wf) / (Norm(dg) + FilterGuard);
            for (var b = 0; b < blocks; b++)
            {
                Scale(d.Slice(((b * tensor.Filters) + f) * stride, stride), factor);
            }
        }
    }

    private static double WeightNorm(ReadOnlySpan<double> v, ModelLayout layout)
    {
        var sum = 0.0;
        foreach (var tensor in layout.Tensors)
        {
            if (tensor.Kind == TensorKind.Weight)
            {
                foreach (var x in v[tensor.Range])
                {
                    sum += x * x;
                }
            }
        }

        return Math.Sqrt(sum);
    }

    private static void Scale(Span<double> v, double factor)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= factor;
        }
    }
}
