namespace LossLandscape.Tests;

/// <summary>User text shown on a terminal or opened in a spreadsheet: escapes and the formula guard.</summary>
public sealed class SafeTextTests
{
    [Theory]
    [InlineData("plain label", "plain label")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m")]
    [InlineData("title\u001b]0;owned\u0007", "title\\u001b]0;owned\\u0007")]
    [InlineData("line\nbreak\rreturn\ttab", "line\\u000abreak\\u000dreturn\\u0009tab")]
    [InlineData("\u009bC1 control", "\\u009bC1 control")]
    [InlineData("abc\u202edcba", "abc\\u202edcba")]
    [InlineData("μ, λ and 2/lr", "μ, λ and 2/lr")]
    public void ControlCharactersBecomeEscapes(string text, string shown) => Assert.Equal(shown, SafeText.Terminal(text));

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tnext", "'\tnext")]
    [InlineData("\rnext", "'\rnext")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("+2e-3", "+2e-3")]
    [InlineData("sgd", "sgd")]
    [InlineData("", "")]
    public void FormulaCellsAreReadAsText(string cell, string written) => Assert.Equal(written, SafeText.CsvCell(cell));
}
