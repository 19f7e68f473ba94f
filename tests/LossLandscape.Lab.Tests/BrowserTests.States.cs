using LossLandscape.Testing;

namespace LossLandscape.Lab.Tests;

/// <summary>
/// The states of the page after a run: the grid grown to cover a path that left it, the run's pca plane, the plane
/// through three of its records, the line from its first to its last record, and an error shown for a bad field (the
/// field marked, the runs kept). Each is drawn without a page error (screenshots: lab-covering, lab-pca, lab-points,
/// lab-line, lab-error).
/// </summary>
public sealed partial class BrowserTests
{
    [BrowserFact]
    public async Task AFinishedRunsOtherPlanesAndABadFieldAreShown()
    {
        await using var page = await OpenAsync();
        var errors = Errors(page);
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.firstDraw !== null");

        // A start outside the default grid (-2:2 on both weights): the finished run's grid grows to cover its path.
        await SetAsync(page, "start-a", "2.5");
        await SetAsync(page, "start-b", "-2.5");
        await page.ClickAsync("#run");
        await WaitAsync(page, "() => window.lab.runs.length === 1 && window.lab.runs[0].status === 'finished' && document.getElementById('status').textContent.includes('grid grew')");
        var range = await page.EvaluateExpressionAsync<double[]>("(() => { const s = window.lab.landscape.surface; return [s.w1[s.w1.length - 1], s.w2[0]]; })()");
        Assert.True(range[0] >= 2.5 && range[1] <= -2.5, $"the grid reaches ({range[0]}, {range[1]})");
        await ScreenshotAsync(page, "lab-covering");

        foreach (var (choice, name) in new[] { ("pca", "pca"), ("points", "points"), ("line", "line") })
        {
            await page.SelectAsync("#run-plane", choice);
            if (choice == "points")
            {
                await SetAsync(page, "run-points", "0,10,25");
            }

            await page.ClickAsync("#replane");
            await WaitAsync(page, $"() => window.lab.view && window.lab.view.answer.plane === '{name}' && document.getElementById('status').textContent.includes(' on the ')");
            await ScreenshotAsync(page, "lab-" + name);
        }

        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('losses').data.some(t => t.name === 'test loss along the line')"), "the line is drawn as a chart");

        Assert.Empty(errors);

        // A bad field: the server's problem names it, and the page shows it as an error (the browser logs the 400).
        await SetAsync(page, "samples", "1");
        await page.ClickAsync("#draw");
        await WaitAsync(page, "() => document.getElementById('status').className === 'error'");
        var shown = await page.EvaluateExpressionAsync<string>("document.getElementById('status').textContent");
        output.WriteLine(shown);
        Assert.Contains("samples", shown, StringComparison.Ordinal);
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('samples').classList.contains('invalid')"), "the field is marked");
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("window.lab.runs.length")); // a refused Draw keeps the runs
        await ScreenshotAsync(page, "lab-error");
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }
}
