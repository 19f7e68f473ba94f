using LossLandscape.Testing;

namespace LossLandscape.Tests;

/// <summary>The repository carries its own reference values, complete and small enough to commit.</summary>
public sealed class ReferenceFilesTests
{
    private static readonly string[] Files =
        ["seed-data.json", "seed-surface.json", "optimizers.json", "optimizers-float64.json", "mlp.json", "conv_bn.json", "conv_bn.onnx", "conv_bn_data.npz"];

    [Fact]
    public void EveryReferenceFileIsInTheRepositoryAndUnder650KiB()
    {
        foreach (var name in Files)
        {
            var file = new FileInfo(Path.Combine(Reference.Folder, name));
            Assert.True(file.Exists, $"{file.FullName} is missing");
            Assert.True(file.Length <= 650 * 1024, $"{name} has {file.Length} bytes");
        }
    }

    [Fact]
    public void AMissingReferenceFailsWithTheCommandThatMakesIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Reference.Load("no-such-reference.json"));
        Assert.Contains("no-such-reference.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(Reference.GeneratorCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSeedReferenceJoinsItsDataAndSurfaceFiles()
    {
        Assert.Equal(10_000, Reference.Seed.GetProperty("x").GetArrayLength());
        Assert.Equal(2_000, Reference.Seed.GetProperty("test_idx").GetArrayLength());
        Assert.Equal(80, Reference.Seed.GetProperty("grid").GetArrayLength());
        Assert.Equal(80, Reference.Seed.GetProperty("loss")[79].GetArrayLength());
        Assert.Equal(26, Reference.Seed.GetProperty("trajectory_no_shuffle").GetArrayLength());
    }

    [Fact]
    public void TheMlpReferenceHoldsItsFourCasesWithConsistentSizes()
    {
        var cases = Reference.Mlp.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(
            ["tanh-8-bias", "relu-16-16-bias", "gelu-4-4-nobias", "sigmoid-8-bias"],
            cases.Select(c => c.GetProperty("name").GetString()));
        foreach (var item in cases)
        {
            var count = item.GetProperty("parameter_shapes").EnumerateArray()
                .Sum(shape => shape.EnumerateArray().Aggregate(1, (product, size) => product * size.GetInt32()));
            Assert.Equal(count, item.GetProperty("theta").GetArrayLength());
            Assert.Equal(count, item.GetProperty("normalized").GetProperty("filter").GetProperty("ignore")[1].GetArrayLength());
            Assert.Equal(count, item.GetProperty("hessian_test_at_theta").GetProperty("eigenvalues").GetArrayLength());
            Assert.Equal(item.GetProperty("epochs").GetInt32() + 1, item.GetProperty("training_float64").GetArrayLength());
            Assert.Equal(21, item.GetProperty("first_steps_float64").GetArrayLength());
        }
    }
}
