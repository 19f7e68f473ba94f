using BenchmarkDotNet.Attributes;
using LossLandscape.Data;
using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// A 51 × 51 test-loss surface of the fixture CNN (tests/fixtures/cnn.onnx) on its 1,000 test images through ONNX
/// Runtime, on the random plane of tests/fixtures/cnn-directions.json: the problem of scripts/cnn_peer.py
/// (PyTorch's loop: set the weights, forward, cross-entropy).
/// </summary>
[InProcess]
[WarmupCount(1)]
[IterationCount(5)]
public class OnnxCnnSurface : IDisposable
{
    private OnnxRuntimeModel _model = null!;
    private SurfacePlane _plane = null!;
    private RegressionSet _test = null!;
    private readonly GridAxis _axis = new(-1, 1.02, 0.04);

    [GlobalSetup]
    public void Setup()
    {
        var fixtures = Path.Combine(Root(), "tests", "fixtures");
        _model = OnnxRuntimeModel.Create(OnnxGraph.Read(Path.Combine(fixtures, "cnn.onnx")), null, null, LossKind.CrossEntropy);
        _plane = DirectionsFile.Read(Path.Combine(fixtures, "cnn-directions.json"), _model.Layout).Plane!;
        var table = CsvTable.Read(Path.Combine(fixtures, "cnn.csv"), new CsvColumns(Target: "label", Split: "split", Classes: 3));
        var rows = Enumerable.Range(0, table.Rows).Where(r => table.IsTest![r]).ToArray();
        _test = new RegressionSet([.. rows.SelectMany(r => table.X.AsSpan(r * 64, 64).ToArray())], [.. rows.Select(r => table.Y[r])], 64);
    }

    [Benchmark(Description = "CNN 475 parameters, 1,000 images, 51 × 51, ONNX Runtime, both cores")]
    public PlaneSurfaces Surface() => PlaneSurfaceEvaluator.Evaluate(_model, _plane, _axis, _axis, _test, null);

    [Benchmark(Description = "CNN 475 parameters, 1,000 images, 51 × 51, ONNX Runtime, one thread")]
    public PlaneSurfaces SurfaceOneThread() => PlaneSurfaceEvaluator.Evaluate(_model, _plane, _axis, _axis, _test, null, new PlaneSurfaceOptions { MaxDegreeOfParallelism = 1 });

    /// <summary>Releases the session.</summary>
    public void Dispose()
    {
        _model?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LossLandscape.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
