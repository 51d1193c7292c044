using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

public class FeatureExtractionTests
{
    static ResNet RandomModel() => TestModels.SeededResNet18(seed: 3, classes: 2);

    [Fact]
    public void Stopped_extraction_resumes_from_its_partial_file_and_matches_a_fresh_run()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("data", 5));
        using var model = RandomModel();
        var p = Preprocessing.CntkResNet;
        var cache = new FeatureCache(dir.Combine("cache"));

        using var stop = new CancellationTokenSource();
        var seen = new List<WorkProgress>();
        var progress = new ActionProgress<WorkProgress>(w => { seen.Add(w); if (w.Done >= 4) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            FeatureExtractor.Extract(model, "w", p, data.Items, new LoadReport(), cache, batchSize: 4, progress: progress, cancel: stop.Token));
        Assert.Single(Directory.GetFiles(cache.Folder, "*.partial"));

        var resumed = new List<WorkProgress>();
        var set = FeatureExtractor.Extract(model, "w", p, data.Items, new LoadReport(), cache, batchSize: 4,
            progress: new ActionProgress<WorkProgress>(resumed.Add));
        Assert.Equal(4, resumed[0].Done); // started from the saved batch
        Assert.Empty(Directory.GetFiles(cache.Folder, "*.partial"));

        var fresh = FeatureExtractor.Extract(model, "w", p, data.Items, new LoadReport(), cache: null, batchSize: 4);
        Assert.Equal(fresh.Labels, set.Labels);
        double maxDiff = fresh.Features.Zip(set.Features, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-4, $"resumed features differ by {maxDiff}");
    }

    [Fact]
    public void Second_run_reads_the_cache_and_still_reports_skipped_files()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 2);
        var good = File.ReadAllBytes(Path.Combine(root, "blue", "b0.jpg"));
        var broken = dir.Bytes("data/blue/truncated.jpg", good.Take(good.Length / 2).ToArray());
        var data = ImageFolder.Load(root);
        using var model = RandomModel();
        var cache = new FeatureCache(dir.Combine("cache"));

        var first = new LoadReport();
        var a = FeatureExtractor.Extract(model, "w", Preprocessing.CntkResNet, data.Items, first, cache);
        var second = new LoadReport();
        var stages = new List<string>();
        var b = FeatureExtractor.Extract(model, "w", Preprocessing.CntkResNet, data.Items, second, cache,
            progress: new ActionProgress<WorkProgress>(w => stages.Add(w.Stage)));

        if (data.Items.Any(i => i.Path == broken))
        {
            Assert.Contains(first.Skipped, s => s.Path == broken);
            Assert.Contains(second.Skipped, s => s.Path == broken);
        }
        else Assert.Contains(data.Report.Skipped, s => s.Path == broken);
        Assert.Equal(a.Features, b.Features);
        Assert.All(stages, s => Assert.EndsWith("(cached)", s));
        Assert.Equal(4, b.Count);
    }
}
