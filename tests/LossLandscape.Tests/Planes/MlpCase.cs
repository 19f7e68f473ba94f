using System.Text.Json;
using LossLandscape.Models;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Planes;

/// <summary>One case of reference/mlp.json with the seed's test and training sets it was computed on.</summary>
internal sealed class MlpCase
{
    private MlpCase(JsonElement json)
    {
        Json = json;
        Name = json.GetProperty("name").GetString()!;
        Sizes = Reference.Ints(json.GetProperty("layers"));
        Activation = json.GetProperty("activation").GetString()!;
        Bias = json.GetProperty("bias").GetBoolean();
        Layout = ModelLayout.ForMlp(Sizes, Bias);
        Theta = Reference.Doubles(json.GetProperty("theta"));
        ThetaInit = Reference.Doubles(json.GetProperty("theta_init"));
        D1Raw = Reference.Doubles(json.GetProperty("d1_raw"));
        D2Raw = Reference.Doubles(json.GetProperty("d2_raw"));
        Records = json.GetProperty("training_float64").EnumerateArray().Select(Reference.Doubles).ToArray();
    }

    /// <summary>Every case, by name.</summary>
    public static IReadOnlyDictionary<string, MlpCase> All { get; } = Reference.Mlp.GetProperty("cases").EnumerateArray()
        .Select(c => new MlpCase(c)).ToDictionary(c => c.Name);

    /// <summary>The case names, for theories.</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>The seed's test set (x, y) as the reference indexes it.</summary>
    public static (double[] X, double[] Y) Test => Gather("test_idx");

    /// <summary>The seed's training set.</summary>
    public static (double[] X, double[] Y) Train => Gather("train_idx");

    public JsonElement Json { get; }

    public string Name { get; }

    public int[] Sizes { get; }

    public string Activation { get; }

    public bool Bias { get; }

    public ModelLayout Layout { get; }

    public double[] Theta { get; }

    public double[] ThetaInit { get; }

    public double[] D1Raw { get; }

    public double[] D2Raw { get; }

    /// <summary>The float64 training records, epoch 0 (the start) to the end (= theta).</summary>
    public double[][] Records { get; }

    /// <summary>The case's network as the tests' own reference MLP.</summary>
    public ReferenceMlp Model => new(Sizes, Activation, Bias);

    private static (double[] X, double[] Y) Gather(string indices)
    {
        var x = Reference.Doubles(Reference.Seed.GetProperty("x"));
        var y = Reference.Doubles(Reference.Seed.GetProperty("y"));
        var idx = Reference.Ints(Reference.Seed.GetProperty(indices));
        return (idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray());
    }
}
