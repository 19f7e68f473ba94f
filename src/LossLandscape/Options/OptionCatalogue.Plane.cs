using LossLandscape.Curvature;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Options;

/// <summary>The plane, grid and curvature options.</summary>
public static partial class OptionCatalogue
{
    private static IEnumerable<OptionDefinition> PlaneOptions() =>
    [
        Text("plane", "KIND", OptionGroup.PlaneAndGrid, "The slice drawn: weights|random|pca|points:I,J,K|line (points: three records or weight files)") with { DefaultHelp = "weights for 1,N,1 without biases, else random", Conflicts = ["directions"] },
        Range("w1", OptionGroup.PlaneAndGrid, "weights plane: grid over w1, numpy.arange semantics, stop excluded; start and stop between -1e6 and 1e6") with { DefaultHelp = "-2:2:0.05" },
        Range("w2", OptionGroup.PlaneAndGrid, "weights plane: grid over w2, numpy.arange semantics, stop excluded; start and stop between -1e6 and 1e6") with { DefaultHelp = "-2:2:0.05" },
        Flag("no-extend", OptionGroup.PlaneAndGrid, "Keep the given grid even when the trajectory leaves it"),
        Seed("direction-seed", OptionGroup.PlaneAndGrid, "random: seed of the two Gaussian directions") with { DefaultHelp = "0" },
        Word("normalize", "HOW", OptionGroup.PlaneAndGrid, "random: rescale the directions against the centre: filter|layer|model|none", Enum.GetValues<DirectionNormalization>().Select(n => (PlaneNames.Name(n), n)).ToArray()) with
        {
            DefaultHelp = "filter",
            Parse = text => PlaneNames.ParseNormalization(text),
        },
        Word("biases", "HOW", OptionGroup.PlaneAndGrid, "random, pca: what the directions do on biases: ignore|keep", Enum.GetValues<BiasTreatment>().Select(b => (PlaneNames.Name(b), b)).ToArray()) with
        {
            DefaultHelp = "ignore",
            Parse = text => PlaneNames.ParseBiases(text),
        },
        File("center", "WHERE", OptionGroup.PlaneAndGrid, "random, pca: the plane's centre: final|init|FILE[:ROW]") with { DefaultHelp = "final", Allowed = ["final", "init"] },
        Range("a-range", OptionGroup.PlaneAndGrid, "Grid along d1 for random, pca, points") with { DefaultHelp = "-1:1:0.04; points -0.5:1.5:0.04" },
        Range("b-range", OptionGroup.PlaneAndGrid, "Grid along d2 for random, pca, points") with { DefaultHelp = "-1:1:0.04; points -0.5:1.5:0.04" },
        Range("alpha-range", OptionGroup.PlaneAndGrid, "line: the positions α along the line, 0 at θ(0) and 1 at θ(1)") with { DefaultHelp = "-0.5:1.5:0.01" },
        File("from", "FILE[:ROW]", OptionGroup.PlaneAndGrid, "line: the start θ(0)") with { DefaultHelp = "the first record" },
        File("to", "FILE[:ROW]", OptionGroup.PlaneAndGrid, "line: the end θ(1)") with { DefaultHelp = "the last record" },
        Text("start", "A,B", OptionGroup.PlaneAndGrid, "random plane with «center» init: start training at θ₀ + A·d₁ + B·d₂ instead of θ₀ (each between -1e6 and 1e6)") with
        {
            Type = OptionType.Numbers,
            Parse = text => OptionParse.Numbers("start", text, 2, "A,B (e.g. «start» 0.5,-0.25)"),
        },
        Word("precision", "P", OptionGroup.PlaneAndGrid, "Surface precision float32|float64 (the seed's plane is exact)", ("float32", SurfacePrecision.Single), ("float64", SurfacePrecision.Double)) with { DefaultHelp = "float32" },
        Text("surface", "WHICH", OptionGroup.PlaneAndGrid, "Surfaces to compute: test|train|gap|sharpness|all or a list such as test,train; sharpness: the test loss and λmax of the full Hessian at every grid point, run only; all includes it; accuracy (cross-entropy): the test loss and accuracy.html of the test accuracy; the views get buttons to switch") with { DefaultHelp = "test" },
        File("directions", "FILE", OptionGroup.PlaneAndGrid, "Reuse a saved directions.json instead of «plane» (at most 256 MiB)") with { Conflicts = ["plane"] },
    ];

    private static IEnumerable<OptionDefinition> CurvatureOptions() =>
    [
        Text("curvature", "every|N", OptionGroup.Curvature, "λmax of the full Hessian (exact Hessian-vector products, Lanczos) at every record or every N steps, next to the optimizer's stability limit (2/lr for gradient descent); in analysis.json and as charts under contour.html (compare: every run's, in trajectories.csv, run.json and a chart in compare.html)") with
        {
            Parse = text => CurvatureSchedule.Parse(text),
        },
        Integer("curvature-top", "K", OptionGroup.Curvature, $"«curvature»: the K largest eigenvalues, 1 to {CurvatureSettings.MaxTop} and at most the parameters") with { DefaultHelp = "1", Needs = ["curvature"] },
        Flag("curvature-trace", OptionGroup.Curvature, "«curvature»: also the trace by Hutchinson's estimator (Rademacher probes), with its standard error") with { Needs = ["curvature"] },
        Integer("probes", "N", OptionGroup.Curvature, "«curvature-trace»: probe vectors, 1 to 100000") with { DefaultHelp = Pipeline.CurvatureOptions.DefaultProbes.ToString(System.Globalization.CultureInfo.InvariantCulture), Needs = ["curvature-trace"] },
        Number("curvature-tolerance", "TOL", OptionGroup.Curvature, "«curvature», «surface» sharpness: relative tolerance, in (0, 1): of the eigenvalues' residuals along the path; of λmax's error bound on the sharpness map") with { DefaultHelp = "1e-6" },
        Word("curvature-loss", "WHICH", OptionGroup.Curvature, "«curvature», «surface» sharpness: the Hessian of the train|test loss", ("train", CurvatureLoss.Train), ("test", CurvatureLoss.Test)) with { DefaultHelp = "train, the loss being optimised" },
        Flag("per-layer", OptionGroup.Curvature, "«curvature»: each layer's diagonal block too (top eigenvalues, trace) at the final record") with { Needs = ["curvature"] },
    ];
}
