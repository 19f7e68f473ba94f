namespace LossLandscape.Cli.Commands;

/// <summary>Values of --record.</summary>
public enum RecordChoice
{
    /// <summary>At the start and after every epoch.</summary>
    Epochs,

    /// <summary>At the start and after every step.</summary>
    Steps,
}
