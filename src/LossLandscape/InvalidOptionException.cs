namespace LossLandscape;

/// <summary>An option value outside its allowed range. <see cref="Option"/> names it as the command line does (without dashes).</summary>
public sealed class InvalidOptionException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The option's name, e.g. <c>batch-size</c>.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    public InvalidOptionException(string option, string message)
        : base(message)
    {
        Option = option;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidOptionException()
    {
        Option = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidOptionException(string message)
        : base(message)
    {
        Option = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidOptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Option = string.Empty;
    }

    /// <summary>The option, e.g. <c>lr</c>.</summary>
    public string Option { get; }

    /// <summary>The message alone (no parameter suffix); other options in it are marked «name» (<see cref="OptionText"/>).</summary>
    public override string Message => base.Message.Split(" (Parameter", 2)[0];

    /// <summary>The message with every option it names rendered by <paramref name="render"/> (the front end's spelling).</summary>
    public string MessageFor(Func<string, string> render) => OptionText.Render(Message, render);
}
