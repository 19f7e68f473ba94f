using LossLandscape.Experiments;

namespace LossLandscape.Cli.Commands;

/// <summary>--start A,B: a start given as coordinates of the random plane drawn around the initial weights.</summary>
public partial class RunSettings
{
    private ExperimentOptions WithPlaneStart(ExperimentOptions options)
    {
        if (Text("start") is null)
        {
            return options;
        }

        var at = Get<double[]>("start");
        return options with { PlaneStart = new PlaneCoordinates(at[0], at[1]) };
    }
}
