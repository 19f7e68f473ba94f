using System.Text.Json;
using LossLandscape.Models;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Models;

/// <summary>One case of reference/mlp.json (made by mlp_reference.py): the model, its weights and directions.</summary>
internal sealed record MlpCase(string Name, JsonElement Json)
{
    /// <summary>The case names, in the file's order.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var c in Reference.Mlp.GetProperty("cases").EnumerateArray())
            {
                names.Add(c.GetProperty("name").GetString()!);
            }

            return names;
        }
    }

    public MlpSpec Spec => new(
        Reference.Ints(Json.GetProperty("layers")),
        Enum.Parse<Activation>(Json.GetProperty("activation").GetString()!, ignoreCase: true),
        Json.GetProperty("bias").GetBoolean());

    public double[] Theta => Reference.Doubles(Json.GetProperty("theta"));

    public double[] ThetaInit => Reference.Doubles(Json.GetProperty("theta_init"));

    /// <summary>The filter-normalised directions with biases ignored (the plane of the reference grid).</summary>
    public (double[] D1, double[] D2) FilterDirections
    {
        get
        {
            var pair = Json.GetProperty("normalized").GetProperty("filter").GetProperty("ignore");
            return (Reference.Doubles(pair[0]), Reference.Doubles(pair[1]));
        }
    }

    public static MlpCase Load(string name) =>
        new(name, Reference.Mlp.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name));

    public double[][] Rows(string property) => Json.GetProperty(property).EnumerateArray().Select(Reference.Doubles).ToArray();
}
