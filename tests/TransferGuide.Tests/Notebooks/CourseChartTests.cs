using Plotly.NET;

namespace TransferGuide.Tests.Notebooks;

public class CourseChartTests
{
    static string Html(GenericChart chart) => GenericChart.toChartHTML(chart);

    [Fact]
    public void The_LR_finder_chart_has_a_log_axis_and_marks_both_suggestions()
    {
        var rates = Enumerable.Range(0, 20).Select(i => 1e-6 * Math.Pow(10, i * 0.3)).ToArray();
        var losses = rates.Select(r => 1 + Math.Log10(r) * Math.Log10(r) / 40).ToArray();
        var result = new LrFinderResult(rates, losses, Suggested: rates[8], MinimumLoss: rates[15] / 10);
        var html = Html(LrFinderChart.Create(result));
        Assert.Contains("\"type\":\"log\"", html);
        Assert.Contains("suggested (steepest)", html);
        Assert.Contains("minimum / 10", html);
        Assert.Equal(losses[8], LrFinderChart.LossAt(result, rates[8]));
    }

    [Fact]
    public void Schedule_curves_follow_the_schedules_and_epoch_schedules_move_once_per_epoch()
    {
        var cosine = ScheduleChart.Curve(Schedules.Cosine(100), 1e-3, epochs: 4, stepsPerEpoch: 25);
        Assert.Equal(100, cosine.Length);
        Assert.Equal(1e-3, cosine[0], 12);
        Assert.Equal(0.5e-3, cosine[50], 12);
        var step = ScheduleChart.Curve(Schedules.Step(stepSize: 1, gamma: 0.1), 1.0, epochs: 2, stepsPerEpoch: 3);
        Assert.Equal([1.0, 1.0, 1.0, 0.1, 0.1, 0.1], step.Select(v => Math.Round(v, 12)));
        var html = Html(ScheduleChart.Create([("cosine", Schedules.Cosine(10)), ("one-cycle", Schedules.OneCycle(10))], 1e-3, 2, 5));
        Assert.Contains("cosine", html);
        Assert.Contains("one-cycle", html);
    }

    [Fact]
    public void Results_and_class_balance_charts_label_every_bar()
    {
        var html = Html(ResultsChart.Bars([("AdamW, batch 8", 0.91), ("Sgd, batch 32", 0.875)]));
        Assert.Contains("AdamW, batch 8", html);
        Assert.Contains("0.875", html);

        var history = new MetricsHistory();
        history.Epochs.Add(new EpochMetrics(1, 0.7, 0.6, 0.6, 0.7, 1e-3, 1));
        Assert.Contains("head only", Html(ResultsChart.HeldOutAccuracy([("head only", history)])));
        Assert.Equal(0.6 - 0.7, ResultsChart.AccuracyGap(history.Epochs[0])!.Value, 12);
        Assert.Null(ResultsChart.AccuracyGap(new EpochMetrics(2, 0.5, 0.8, null, null, 1e-3, 1)));
        Assert.Contains("no regularisation", Html(ResultsChart.GeneralisationGap([("no regularisation", history)])));

        var items = new List<DataItem> { new("a1", 0, "train"), new("a2", 0, "train"), new("b1", 1, "train"), new("b2", 1, "val") };
        var data = new ImageDataset("toy", "/toy", ["ants", "bees"], items, new LoadReport());
        var counts = ClassBalanceChart.Counts(data);
        Assert.Equal([2, 1], counts.Single(c => c.Split == "train").Counts);
        Assert.Equal([0, 1], counts.Single(c => c.Split == "val").Counts);
        Assert.Contains("toy: images per class", Html(ClassBalanceChart.Create(data)));
    }
}

/// <summary>The dataset sample gallery picks the same images every time and shows every class.</summary>
public class DatasetSamplesTests
{
    [Fact]
    public void Picks_the_first_images_of_every_class_from_one_split_and_draws_them()
    {
        var folder = Directory.CreateTempSubdirectory("tg-samples-").FullName;
        try
        {
            var items = new List<DataItem>();
            foreach (var (name, label, split) in new[] { ("a2", 0, "train"), ("a1", 0, "train"), ("a3", 0, "train"), ("b1", 1, "train"), ("b9", 1, "val") })
            {
                var path = Path.Combine(folder, name + ".png");
                using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(8, 6)) SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, path);
                items.Add(new DataItem(path, label, split));
            }
            var data = new ImageDataset("toy", folder, ["ants", "bees"], items, new LoadReport());

            var picked = DatasetSamples.Pick(data, perClass: 2);
            Assert.Equal(["a1.png", "a2.png", "b1.png"], picked.Select(i => Path.GetFileName(i.Path)));
            Assert.Single(DatasetSamples.Pick(data, perClass: 2, split: "val"));

            var html = GenericChart.toChartHTML(DatasetSamples.Create(data, perClass: 2));
            Assert.Contains("toy: sample train images", html);
            Assert.Contains("bees: b1.png", html);
            Assert.Throws<ArgumentException>(() => DatasetSamples.Create(data, split: "test"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
