using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;

namespace LossLandscape.Cli.Commands;

/// <summary>--start A,B: a start given as coordinates of the random plane drawn around the initial weights.</summary>
public partial class RunSettings
{
    /// <summary>--start.</summary>
    public string? Start { get; set; }

    private static IEnumerable<SettingOption> StartOptions() =>
    [
        SettingOption.Value<RunSettings>("start", "A,B", "random plane with --center init: start training at θ₀ + A·d₁ + B·d₂ instead of θ₀ (each between -1e6 and 1e6)", s => s.Start, (s, v) => s.Start = v),
    ];

    private ExperimentOptions WithPlaneStart(ExperimentOptions options)
    {
        if (Start is null)
        {
            return options;
        }

        var at = OptionValue.List("--start", Start, 2, "A,B (e.g. --start 0.5,-0.25)");
        return options with { PlaneStart = new PlaneCoordinates(at[0], at[1]) };
    }
}
