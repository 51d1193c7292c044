using TransferGuide.Tests.Interpretability;
using Xunit.Abstractions;

namespace TransferGuide.Tests.Reports;

[Collection("quickstart model")]
public class EvaluationReportBrowserTests(QuickstartModelFixture fixture, ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Ants_and_bees_evaluation_report_draws_every_chart_offline_in_chromium()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(SharedData.Hymenoptera, "hymenoptera_data");
        var outcome = EvaluationReport.Run(fixture.Checkpoint, data, dir.Path);
        var html = File.ReadAllText(dir.Combine("report.html"));
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("Does Grad-CAM land on the object?", html);

        // TG_SCREENSHOT keeps the picture for a person to look at.
        var shot = Environment.GetEnvironmentVariable("TG_SCREENSHOT") is { Length: > 0 } s ? s : dir.Combine("report.png");
        var browser = await BrowserCheck.OpenAsync(dir.Combine("report.html"), shot);
        output.WriteLine($"charts {browser.Charts}, drawn {browser.DrawnCharts}, images {browser.Images}, loaded {browser.LoadedImages}, " +
                         $"blocked requests {browser.BlockedRequests.Count}, errors {browser.Errors.Count}; screenshot {shot}");
        foreach (var e in browser.Errors) output.WriteLine("page error: " + e);
        // Curves, LR, confusion (raw, normalised), per-class, ROC, PR, reliability, PCA, t-SNE.
        Assert.True(browser.Charts >= 10, $"expected at least 10 charts, found {browser.Charts}");
        Assert.Equal(browser.Charts, browser.DrawnCharts);
        Assert.True(browser.Images >= 12 + 8 + 12, $"expected the galleries' images, found {browser.Images}");
        Assert.Equal(browser.Images, browser.LoadedImages);
        Assert.Empty(browser.BlockedRequests); // nothing was fetched: plotly.js is inline
        Assert.Empty(browser.Errors);
        Assert.True(new FileInfo(shot).Length > 50_000);
        Assert.Equal(153, outcome.Summary.EvaluationItems);
    }
}
