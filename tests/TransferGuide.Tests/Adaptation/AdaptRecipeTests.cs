using System.Text.Json;
using TransferGuide.Adaptation;
using TransferGuide.Augment.Corruptions;
using TransferGuide.Tests.Cli;

namespace TransferGuide.Tests.Adaptation;

[Collection(TorchRngCollection.Name)]
public class AdaptRecipeTests
{
    /// <summary>The colour dataset again, darker and greener: the same classes in a shifted domain.</summary>
    static string Shifted(TempDir dir)
    {
        int seed = 100;
        foreach (var split in new[] { "train", "val" })
            for (int i = 0; i < 2; i++)
            {
                dir.Image(Path.Combine("shifted", split, "red", $"r{i}.png"), 120, 90, 30, seed: seed++);
                dir.Image(Path.Combine("shifted", split, "blue", $"b{i}.jpg"), 30, 90, 120, seed: seed++);
            }
        return dir.Combine("shifted");
    }

    static readonly AdaptationOptions Tiny = new(Epochs: 3, BatchSize: 4, Bottleneck: 8, DomainHidden: 8);

    [Fact]
    public void A_tiny_run_compares_every_method_on_real_features_and_writes_the_run_folder()
    {
        using var dir = new TempDir();
        var source = dir.ColourDataset("colours", 2, "train", "val");
        var target = Shifted(dir);
        var result = AdaptRecipe.Run(new AdaptOptions(Source: null, SourceData: source, TargetData: target, Seeds: [1, 2], Head: Tiny,
            RunsRoot: dir.Combine("runs"), FeatureCacheFolder: dir.Combine("features")));

        Assert.Equal(["none", "coral", "dann"], result.Metrics.Methods.Select(m => m.Method));
        Assert.Equal([1, 2], result.Summary.Seeds);
        // The target's val/ folder (4 images) is reported; its train/ folder (4 images) is what adaptation sees.
        Assert.Equal((4, 4, "shifted val"), (result.Metrics.EvaluationItems, result.Metrics.TargetUnlabelledItems, result.Metrics.EvaluationSplit));
        foreach (var m in result.Metrics.Methods)
            Assert.All(m.TargetAccuracies, a => Assert.InRange(a, 0, 1));
        Assert.Equal(0, result.Metrics.Methods[0].GainOverNone);
        Assert.Equal(result.Metrics.Methods[0].TargetAccuracy, result.Metrics.Accuracy);

        using var json = JsonDocument.Parse(File.ReadAllText(result.Folder.Metrics));
        foreach (var field in new[] { "dataset", "model", "recipe", "accuracy", "source_dataset", "target_dataset", "methods", "seeds", "wall_seconds" })
            Assert.True(json.RootElement.TryGetProperty(field, out _), $"metrics.json lacks {field}");
        var html = File.ReadAllText(result.Folder.Report);
        Assert.Contains("gain over none", html);
        Assert.Contains("Plotly.newPlot", html);

        // Same features, same seeds: the second run reads the cache and gives the same numbers.
        var again = AdaptRecipe.Run(new AdaptOptions(Source: null, SourceData: source, TargetData: target, Seeds: [1, 2], Head: Tiny,
            RunsRoot: dir.Combine("runs"), FeatureCacheFolder: dir.Combine("features")));
        Assert.True(again.Metrics.FeaturesCached);
        Assert.Equal(result.Metrics.Methods.Select(m => m.TargetAccuracies), again.Metrics.Methods.Select(m => m.TargetAccuracies));
    }

    [Fact]
    public void Domains_with_different_classes_are_refused_by_name()
    {
        using var dir = new TempDir();
        var source = dir.ColourDataset("colours", 2, "train", "val");
        var other = dir.ColourDataset("other", 2, "train", "val");
        Directory.Move(Path.Combine(other, "train", "red"), Path.Combine(other, "train", "green"));
        Directory.Move(Path.Combine(other, "val", "red"), Path.Combine(other, "val", "green"));
        var e = Assert.Throws<DomainMismatchException>(() => AdaptRecipe.Run(new AdaptOptions(Source: null, SourceData: source, TargetData: other,
            Seeds: [1], Head: Tiny, RunsRoot: dir.Combine("runs"), FeatureCacheFolder: dir.Combine("features"))));
        Assert.Contains("colours", e.Message);
        Assert.Contains("other", e.Message);
        Assert.False(Directory.Exists(dir.Combine("runs")), "a refused run writes no run folder");
    }

    [Fact]
    public void A_shifted_domain_is_made_once_with_a_few_images_per_class()
    {
        using var dir = new TempDir();
        var source = dir.ColourDataset("colours", 3, "train", "val");
        var made = ShiftedDomain.Make(null, source, "fog", 3, perClass: 2, root: dir.Combine("shifted"));
        Assert.StartsWith(dir.Combine("shifted"), made);
        var files = Directory.GetFiles(made, "*.*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        // 2 of the 3 images per class (red, blue) in each split (train, val).
        Assert.Equal(8, files.Count);
        var written = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Equal(made, ShiftedDomain.Make(null, source, "fog", 3, perClass: 2, root: dir.Combine("shifted")));
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
    }

    [Fact]
    public void The_same_dataset_at_another_path_gets_its_own_shifted_copy_instead_of_a_refusal()
    {
        // CI's checkout sits elsewhere than a developer's while the user cache is shared: each must make its own copy.
        using var dir = new TempDir();
        var first = dir.ColourDataset("colours", 2, "train", "val");
        var second = Path.Combine(dir.Combine("checkout2"), "colours");
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);
        CopyTree(first, second);
        var a = ShiftedDomain.Make(null, first, "fog", 3, perClass: 1, root: dir.Combine("shifted"));
        var b = ShiftedDomain.Make(null, second, "fog", 3, perClass: 1, root: dir.Combine("shifted"));
        Assert.NotEqual(a, b);
        var settings = JsonSerializer.Deserialize<CorruptionSettings>(File.ReadAllText(Path.Combine(b, CorruptedFolder.SettingsFile)))!;
        Assert.Equal(Path.GetFullPath(second), settings.Source);
        // The same corruption of the same file is the same image, wherever the dataset sits.
        var one = Images(a);
        Assert.NotEmpty(one);
        Assert.Equal(one, Images(b));
        Assert.All(one, f => Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f))));
    }

    static List<string> Images(string root) => Directory.GetFiles(root, "*.*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(root, f)).Order().ToList();

    static void CopyTree(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
