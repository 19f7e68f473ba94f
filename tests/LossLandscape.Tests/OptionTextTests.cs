using LossLandscape.Experiments;
using LossLandscape.Models;

namespace LossLandscape.Tests;

/// <summary>The core names other options by mark («name»); each front end spells them its own way.</summary>
public sealed class OptionTextTests
{
    [Theory]
    [InlineData("needs «momentum» > 0", "needs --momentum > 0")]
    [InlineData("use «a-range» and «b-range»", "use --a-range and --b-range")]
    [InlineData("no mark at all", "no mark at all")]
    [InlineData("«no-extend»", "--no-extend")]
    [InlineData("an unclosed «mark stays", "an unclosed «mark stays")]
    public void MarksRenderAsTheFrontEndSpellsThem(string text, string flags) =>
        Assert.Equal(flags, OptionText.Render(text, name => "--" + name));

    [Fact]
    public void ACoreRefusalNamesTheOtherOptionByMarkNotByFlag()
    {
        var options = new ExperimentOptions { Hidden = 4, Model = new MlpSpec([1, 4, 1]) };
        var error = Assert.Throws<InvalidOptionException>(options.Validate);
        Assert.Equal("hidden", error.Option);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.Contains(OptionText.Mark("layers"), error.Message, StringComparison.Ordinal);
        Assert.Equal("is a shorthand for 'layers' 1,N,1; give one of them, not both", error.MessageFor(name => $"'{name}'"));
    }
}
