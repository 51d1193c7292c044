using System.Text.Json;

namespace TransferGuide.Tests.Recipes;

public class QuickstartTests
{
    [Fact]
    public void Ants_and_bees_reach_090_and_write_a_complete_run_folder()
    {
        using var dir = new TempDir();
        var result = Quickstart.Run(new QuickstartOptions(RunsRoot: dir.Combine("runs"), FeatureCacheFolder: dir.Combine("features")));

        Assert.True(result.Metrics.Accuracy >= 0.90, $"accuracy on 'val' {result.Metrics.Accuracy:F3} < 0.90");
        // The dataset's own 'val' folder is the test split, read once; validation is 15% of train (37 of 245).
        Assert.Equal((153, "val", 208, 37, "holdout"), (result.Metrics.EvaluationItems, result.Metrics.EvaluationSplit, result.Metrics.TrainItems,
            result.Metrics.ValidationItems, result.Metrics.ValidationSplit));
        Assert.Equal(result.Metrics.Accuracy, result.Metrics.TestAccuracy);

        using var json = JsonDocument.Parse(File.ReadAllText(result.Folder.Metrics));
        foreach (var field in new[] { "dataset", "model", "recipe", "accuracy", "val_accuracy", "test_accuracy", "wall_seconds", "images_per_second", "peak_rss_mb" })
            Assert.True(json.RootElement.TryGetProperty(field, out _), $"metrics.json lacks {field}");
        Assert.Equal("hymenoptera_data", json.RootElement.GetProperty("dataset").GetString());

        var html = File.ReadAllText(result.Folder.Report);
        Assert.Contains("Plotly.newPlot", html);
        Assert.DoesNotContain("<script src=", html); // plotly.js is inlined, nothing is fetched
        Assert.Contains("plotly.js v2", html);
        Assert.Contains("Confusion matrix", html);

        var (model, header, _) = Checkpoint.Load(result.Folder.Checkpoint);
        using (model)
        {
            Assert.Equal(["ants", "bees"], header.Classes);
            Assert.Equal(result.History.Epochs.Count, header.History.Epochs.Count);
        }
    }

    [Fact]
    public void Own_flat_folder_is_split_and_trained()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("mine", 6);
        var result = Quickstart.Run(new QuickstartOptions(DataDir: root, RunsRoot: dir.Combine("runs"), FeatureCacheFolder: "",
            Head: new HeadOptions(Epochs: 30)));
        Assert.Equal("mine", result.Metrics.Dataset);
        // No split of its own: 15% of each class (6, rounded to 1) for validation and as many for test.
        Assert.Equal((2, 2, 8), (result.Metrics.EvaluationItems, result.Metrics.ValidationItems, result.Metrics.TrainItems));
        Assert.Equal(("test", "val"), (result.Metrics.EvaluationSplit, result.Metrics.ValidationSplit));
        Assert.Equal(1.0, result.Metrics.Accuracy); // red vs blue is easy for ImageNet features
        Assert.Equal((1.0, 1.0), (result.Metrics.TestAccuracy, result.Metrics.ValAccuracy));
        Assert.True(File.Exists(result.Folder.Report));
    }

    [Fact]
    public void Bad_data_folder_fails_before_writing_a_run()
    {
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        Assert.Throws<TransferGuide.Data.DataLayoutException>(() =>
            Quickstart.Run(new QuickstartOptions(DataDir: dir.Combine("missing"), RunsRoot: runs)));
        Assert.False(Directory.Exists(runs));
    }
}
