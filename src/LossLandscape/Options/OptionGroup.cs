namespace LossLandscape.Options;

/// <summary>The sections an option belongs to, in the order the help lists them.</summary>
public enum OptionGroup
{
    /// <summary>The synthetic points or the user's CSV file and the split.</summary>
    Data,

    /// <summary>The network, its loss and its start.</summary>
    Model,

    /// <summary>The slice drawn (plane or line), its grid and the surfaces on it.</summary>
    PlaneAndGrid,

    /// <summary>The optimizer, its schedule and the passes over the data.</summary>
    Training,

    /// <summary>The full Hessian along the path.</summary>
    Curvature,

    /// <summary>The figures and their static images.</summary>
    Views,

    /// <summary>Where the run is written, and rerunning a recorded one.</summary>
    Output,
}

/// <summary>The headings of <see cref="OptionGroup"/>.</summary>
public static class OptionGroups
{
    /// <summary>The heading the help prints for <paramref name="group"/>.</summary>
    public static string Heading(OptionGroup group) => group switch
    {
        OptionGroup.Data => "Data",
        OptionGroup.Model => "Model",
        OptionGroup.PlaneAndGrid => "Plane and grid",
        OptionGroup.Training => "Training",
        OptionGroup.Curvature => "Curvature",
        OptionGroup.Views => "Views",
        OptionGroup.Output => "Output",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };
}
