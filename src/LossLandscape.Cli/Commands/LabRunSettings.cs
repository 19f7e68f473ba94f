using LossLandscape.Cli.Infrastructure;
using LossLandscape.Options;
using LossLandscape.Plotting;

namespace LossLandscape.Cli.Commands;

/// <summary>The lab's run commands read as <c>losslandscape run</c> reads them, for its download's run.json and views.</summary>
public static class LabRunSettings
{
    /// <summary>
    /// run.json's options (every option, defaults included), the views and plotly.js's mode for the words after
    /// <c>losslandscape run</c> (the lab writes them: <c>--name value</c> pairs and flags, each option once).
    /// </summary>
    public static RunOutputSettings Describe(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var settings = new RunSettings();
        var options = settings.Options.ToDictionary(o => o.LongName, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (!options.TryGetValue(words[i], out var option) || (option.Kind != OptionKind.Flag && i + 1 == words.Count))
            {
                throw new UsageException($"{words[i]}: not an option of run with a value here");
            }

            settings.Values.Set(option.Name, option.Kind switch
            {
                OptionKind.Flag => true,
                OptionKind.List => new[] { words[++i] },
                _ => words[++i],
            });
        }

        return new RunOutputSettings { Options = RunManifest.Options(settings), Views = settings.ToViewOptions(), Mode = settings.PlotlyJsMode() };
    }
}
