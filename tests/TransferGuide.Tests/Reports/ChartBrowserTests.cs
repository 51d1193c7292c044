using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Tests.Evaluation;
using Xunit.Abstractions;

namespace TransferGuide.Tests.Reports;

public class ChartBrowserTests(ITestOutputHelper output)
{
    /// <summary>Every chart type of the kit, drawn from small fixtures, in one report.</summary>
    static HtmlReport AllCharts()
    {
        var r = MetricFixtures.ThreeClasses();
        var history = new MetricsHistory
        {
            Epochs = [new EpochMetrics(1, 0.9, 0.6, 0.8, 0.65, 1e-3, 1), new EpochMetrics(2, 0.5, 0.8, 0.6, 0.75, 5e-4, 1)],
            Steps = [new StepMetrics(1, 0.9, 1e-4), new StepMetrics(2, 0.7, 1e-3), new StepMetrics(3, 0.5, 1e-5)],
        };
        var groups = GroupMetrics.Compute(r, ["x", "x", "x", "y", "y", "y"]);
        using var red = new Image<Rgb24>(32, 32, new Rgb24(200, 30, 30));
        using var blue = new Image<Rgb24>(32, 32, new Rgb24(30, 30, 200));
        var gallery = new[] { new GalleryImage(HeatmapOverlay.ToDataUri(red), "red"), new GalleryImage(HeatmapOverlay.ToDataUri(blue), "blue") };
        var lr = new LrFinderResult([1e-5, 1e-4, 1e-3, 1e-2], [1.0, 0.8, 0.5, 2.0], 1e-3, 0.5);
        return new HtmlReport("All charts")
            .Chart(TrainingCurves.Create(history))
            .Chart(LearningRateChart.Create(history))
            .Chart(LrFinderChart.Create(lr))
            .Chart(ConfusionMatrixChart.Create(r.ConfusionMatrix(), r.Classes))
            .Chart(ConfusionMatrixChart.Normalised(r.NormalisedConfusionMatrix(), r.Classes))
            .Chart(PerClassChart.Create(ClassificationReport.From(r)))
            .Chart(RocChart.Create(RocCurve.PerClass(r)))
            .Chart(PrecisionRecallChart.Create(PrecisionRecallCurve.PerClass(r)))
            .Chart(ReliabilityChart.Create(Calibration.From(r)))
            .Chart(EmbeddingChart.Create([0, 0, 1, 1, 2, 0, 0, 2, 1, 3, 3, 1], r.Labels, r.Classes, "embedding"))
            .Chart(GroupMetricsChart.Create(groups, r.Classes))
            .Chart(ImageGalleryChart.Create(gallery, columns: 2))
            .Gallery(gallery, 64);
    }

    [ChromiumFact]
    public async Task Every_chart_type_draws_offline_in_chromium()
    {
        using var dir = new TempDir();
        var path = dir.Combine("charts.html");
        AllCharts().Save(path);
        var browser = await BrowserCheck.OpenAsync(path, dir.Combine("charts.png"));
        output.WriteLine($"charts {browser.Charts}, drawn {browser.DrawnCharts}, images {browser.Images}, errors {string.Join("; ", browser.Errors)}");
        Assert.Equal(12, browser.Charts);
        Assert.Equal(12, browser.DrawnCharts);
        Assert.Equal(2, browser.LoadedImages);
        Assert.Empty(browser.BlockedRequests);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public void Charts_are_plotly_figures_with_their_data()
    {
        var html = AllCharts().ToHtml();
        Assert.Equal(1, CountOf(html, "plotly.js v2")); // plotly.js inlined once, however many charts
        Assert.Equal(12, CountOf(html, "<div class=\"chart\">"));
        Assert.Equal(1 + 12, CountOf(html, "Plotly.newPlot")); // once inside plotly.js itself, then once per chart
        Assert.Contains("c (AUC 1.000)", html);
        Assert.Contains("Reliability diagram (ECE 0.250)", html);
        Assert.Contains("data:image/png;base64,", html);
    }

    static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
