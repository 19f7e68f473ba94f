namespace LossLandscape.Options;

/// <summary>How an option takes its value.</summary>
public enum OptionKind
{
    /// <summary>One value, given at most once: <c>--lr 0.05</c>.</summary>
    Value,

    /// <summary>No value; present or not: <c>--nesterov</c>.</summary>
    Flag,

    /// <summary>One value per occurrence, repeatable: <c>--run A --run B</c>.</summary>
    List,
}

/// <summary>What an option's text holds once parsed (for schemas and forms).</summary>
public enum OptionType
{
    /// <summary>Free text: a name or a list of names.</summary>
    Text,

    /// <summary>A file path (a relative one in run.json is read against run.json's folder).</summary>
    Path,

    /// <summary>A finite number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A seed: a whole number from 0 to 4294967295.</summary>
    Seed,

    /// <summary>One word of <see cref="OptionDefinition.Allowed"/>.</summary>
    Word,

    /// <summary>A fixed count of comma-separated numbers.</summary>
    Numbers,

    /// <summary>A grid axis START:STOP:STEP.</summary>
    Range,

    /// <summary>Present or not.</summary>
    Flag,
}
