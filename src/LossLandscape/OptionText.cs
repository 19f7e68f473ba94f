using System.Text;

namespace LossLandscape;

/// <summary>
/// How the core's messages name another option: «name», the core's option name (<c>«loss»</c>, <c>«no-extend»</c>),
/// never a front end's spelling of it. Each front end renders the marks its own way before it shows a message: the
/// command line as its flag (<c>--loss</c>), the web lab as its request field.
/// </summary>
public static class OptionText
{
    /// <summary>Opens a mark.</summary>
    public const char Open = '«';

    /// <summary>Closes a mark.</summary>
    public const char Close = '»';

    /// <summary>The mark for <paramref name="option"/>.</summary>
    public static string Mark(string option) => Open + option + Close;

    /// <summary><paramref name="text"/> with every «name» replaced by <paramref name="render"/>(name).</summary>
    public static string Render(string text, Func<string, string> render)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(render);
        var open = text.IndexOf(Open, StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        var at = 0;
        while (open >= 0)
        {
            var close = text.IndexOf(Close, open + 1);
            if (close < 0)
            {
                break;
            }

            result.Append(text, at, open - at).Append(render(text[(open + 1)..close]));
            at = close + 1;
            open = text.IndexOf(Open, at);
        }

        return result.Append(text, at, text.Length - at).ToString();
    }
}
