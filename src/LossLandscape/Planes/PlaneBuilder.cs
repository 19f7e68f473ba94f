using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Planes;

/// <summary>Builds the plane a <see cref="PlaneSpec"/> describes for a model's layout and a training path.</summary>
public static class PlaneBuilder
{
    /// <summary>
    /// The plane of <paramref name="spec"/> for parameters laid out as <paramref name="layout"/>, with
    /// <paramref name="records"/> the path's parameter vectors in order (the first is the start, the last the end).
    /// Throws <see cref="InvalidOptionException"/> naming the field for anything that cannot make a plane.
    /// </summary>
    public static PlaneDirections Build(PlaneSpec spec, ModelLayout layout, IReadOnlyList<double[]> records)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(records);
        spec.Validate();
        var p = layout.Count;
        foreach (var record in records)
        {
            if (record.Length != p)
            {
                throw new ArgumentException($"every record must have {p} parameters", nameof(records));
            }
        }

        return spec.Kind switch
        {
            PlaneKind.Weights => new PlaneDirections { Kind = PlaneKind.Weights, Layout = layout, Plane = WeightsPlane(layout) },
            PlaneKind.Random => Random(spec, layout, records),
            PlaneKind.Pca => Pca(spec, layout, records),
            PlaneKind.Points => Points(spec, layout, records),
            PlaneKind.Line => Line(spec, layout, records),
            _ => throw new InvalidOptionException("plane", $"unknown plane {spec.Kind}"),
        };
    }

    /// <summary>True when the weights plane can describe this layout: a 1 → N → 1 network without biases.</summary>
    public static bool CanUseWeightsPlane(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.Tensors is [{ Kind: TensorKind.Weight, Shape: [var n, 1] }, { Kind: TensorKind.Weight, Shape: [1, var m] }] && n == m;
    }

    /// <summary>
    /// The article's plane for a 1 → N → 1 network without biases: θ₀ = 0, d₁ = 1 on every hidden weight, d₂ = 1 on
    /// every output weight; the same vectors as <see cref="SurfacePlane.Weights"/>.
    /// </summary>
    public static SurfacePlane WeightsPlane(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!CanUseWeightsPlane(layout))
        {
            throw new InvalidOptionException(
                "plane",
                $"the weights plane describes 1,N,1 networks without biases; this model has {string.Join(", ", layout.Tensors.Select(t => $"{t.Name} [{string.Join("×", t.Shape)}]"))}: use random, pca, points or line");
        }

        var d1 = new double[layout.Count];
        var d2 = new double[layout.Count];
        d1.AsSpan(layout.Tensors[0].Range).Fill(1.0);
        d2.AsSpan(layout.Tensors[1].Range).Fill(1.0);
        return new SurfacePlane(new double[layout.Count], d1, d2, "w1", "w2");
    }

    private static (double[] Vector, string Name) Center(PlaneSpec spec, int parameters, IReadOnlyList<double[]> records)
    {
        switch (spec.EffectiveCenter)
        {
            case CenterKind.Given:
                return (PlanePoint.OfVector(spec.CenterVector!, spec.CenterSource ?? "given").Resolve(records, parameters, "center"), spec.CenterSource ?? "given");
            case CenterKind.Init when records.Count > 0:
                return (records[0], "init");
            case CenterKind.Final when records.Count > 0:
                return (records[^1], "final");
            default:
                throw new InvalidOptionException("center", "the path has no records to take the centre from");
        }
    }

    private static PlaneDirections Random(PlaneSpec spec, ModelLayout layout, IReadOnlyList<double[]> records)
    {
        var (center, centerName) = Center(spec, layout.Count, records);
        var (raw1, raw2) = RandomDirections.Draw(spec.EffectiveDirectionSeed, layout.Count);
        var d1 = DirectionNormalizer.Normalize(raw1, center, layout, spec.EffectiveNormalize, spec.EffectiveBiases);
        var d2 = DirectionNormalizer.Normalize(raw2, center, layout, spec.EffectiveNormalize, spec.EffectiveBiases);
        if (!d1.All(double.IsFinite) || !d2.All(double.IsFinite) || d1.All(v => v == 0) || d2.All(v => v == 0))
        {
            throw new InvalidOptionException(
                "normalize",
                $"{PlaneNames.Name(spec.EffectiveNormalize)} normalisation against the {centerName} centre gives a zero direction (the centre's weights are zero): use normalize none or another center");
        }

        return Checked(new PlaneDirections
        {
            Kind = PlaneKind.Random,
            Layout = layout,
            Plane = new SurfacePlane(center.ToArray(), d1, d2, "a", "b"),
            Normalize = spec.EffectiveNormalize,
            Biases = spec.EffectiveBiases,
            DirectionSeed = spec.EffectiveDirectionSeed,
            Center = centerName,
        });
    }

    private static PlaneDirections Pca(PlaneSpec spec, ModelLayout layout, IReadOnlyList<double[]> records)
    {
        var (center, centerName) = Center(spec, layout.Count, records);
        var pca = PcaDirections.Fit(records, center, layout, spec.EffectiveBiases);
        return Checked(new PlaneDirections
        {
            Kind = PlaneKind.Pca,
            Layout = layout,
            Plane = new SurfacePlane(center.ToArray(), pca.D1, pca.D2, "a", "b"),
            Biases = spec.EffectiveBiases,
            Center = centerName,
            ExplainedVarianceRatio = pca.ExplainedVarianceRatio,
        });
    }

    private static PlaneDirections Points(PlaneSpec spec, ModelLayout layout, IReadOnlyList<double[]> records)
    {
        var points = spec.Points!;
        var i = points[0].Resolve(records, layout.Count, "points");
        var j = points[1].Resolve(records, layout.Count, "points");
        var k = points[2].Resolve(records, layout.Count, "points");
        var d1 = new double[layout.Count];
        var d2 = new double[layout.Count];
        for (var n = 0; n < d1.Length; n++)
        {
            d1[n] = j[n] - i[n];
            d2[n] = k[n] - i[n];
        }

        if (d1.All(v => v == 0) || d2.All(v => v == 0))
        {
            throw new InvalidOptionException("points", "two of the three points are the same parameter vector (a zero direction)");
        }

        return Checked(
            new PlaneDirections
            {
                Kind = PlaneKind.Points,
                Layout = layout,
                Plane = new SurfacePlane(i.ToArray(), d1, d2, "a", "b"),
                Center = string.Join(",", points.Select(p => p.Describe())),
            },
            "points");
    }

    private static PlaneDirections Line(PlaneSpec spec, ModelLayout layout, IReadOnlyList<double[]> records)
    {
        var from = (spec.From ?? (records.Count > 0 ? PlanePoint.OfRecord(0) : throw new InvalidOptionException("from", "the path has no records to start the line from")))
            .Resolve(records, layout.Count, "from");
        var to = (spec.To ?? PlanePoint.OfRecord(records.Count - 1)).Resolve(records, layout.Count, "to");
        return new PlaneDirections
        {
            Kind = PlaneKind.Line,
            Layout = layout,
            Line = new ParameterLine(from.ToArray(), to.ToArray()),
            Center = $"{(spec.From ?? PlanePoint.OfRecord(0)).Describe()} to {(spec.To ?? PlanePoint.OfRecord(records.Count - 1)).Describe()}",
        };
    }

    /// <summary>Builds the projector now so that zero or parallel directions fail here, naming <paramref name="field"/>.</summary>
    private static PlaneDirections Checked(PlaneDirections directions, string field = "plane")
    {
        try
        {
            _ = directions.Projector;
        }
        catch (InvalidOptionException e) when (field != e.Option)
        {
            throw new InvalidOptionException(field, $"{PlaneNames.Name(directions.Kind)} plane: {e.Message}");
        }

        return directions;
    }
}
