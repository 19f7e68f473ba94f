namespace LossLandscape.Training;

/// <summary>When the trainer records the weights and losses.</summary>
public enum RecordEvery
{
    /// <summary>At the start and after every epoch.</summary>
    Epoch,

    /// <summary>At the start and after every optimizer step.</summary>
    Step,
}
