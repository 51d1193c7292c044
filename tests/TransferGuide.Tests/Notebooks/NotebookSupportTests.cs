using System.Reflection;

namespace TransferGuide.Tests.Notebooks;

public class NotebookSupportTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData(" Yes ", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Quick_mode_reads_the_usual_spellings_of_on(string? value, bool on)
    {
        Assert.Equal(on, QuickMode.IsOn(value));
        Assert.Equal(on ? 1 : 5, new QuickMode(on).Pick(5, 1));
    }

    [Fact]
    public void A_subset_keeps_classes_and_splits_and_is_the_same_every_time()
    {
        var data = Toy();
        var small = FewLabels.PerClass(data, 4);
        Assert.Equal(24, small.Items.Count);
        Assert.All(small.Items.GroupBy(i => (i.Split, i.Label)), g => Assert.Equal(4, g.Count()));
        Assert.Equal(small.Items, FewLabels.PerClass(data, 4).Items);
        Assert.Equal(data.Classes, small.Classes);
        Assert.Equal(30, FewLabels.PerClass(data, 100).Items.Count / 2);
        Assert.Subset(FewLabels.PerClass(data, 6).Items.ToHashSet(), small.Items.ToHashSet()); // nested, as few-label curves need
    }

    [Theory]
    [InlineData(4, 42)]
    [InlineData(7, 3)]
    public void Quick_subsets_are_the_ones_the_notebooks_always_drew(int perClass, int seed)
    {
        // The notebooks' subsets as DatasetSubset.Take drew them before FewLabels took it over: moving the code must
        // not move a notebook's results.
        var data = Toy();
        var random = new Random(seed);
        var before = data.Items
            .OrderBy(i => i.Path, StringComparer.Ordinal)
            .Select(i => (Item: i, Key: random.Next()))
            .GroupBy(x => (x.Item.Split, x.Item.Label))
            .SelectMany(g => g.OrderBy(x => x.Key).Take(perClass).Select(x => x.Item))
            .OrderBy(i => i.Split, StringComparer.Ordinal).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(before, FewLabels.PerClass(data, perClass, seed).Items);
        Assert.NotEqual(before, FewLabels.PerClass(data, perClass, seed, FewLabelsDraw.PerClass).Items);
    }

    static ImageDataset Toy()
    {
        var items = new List<DataItem>();
        foreach (var split in new[] { "train", "val" })
            for (int label = 0; label < 3; label++)
                for (int i = 0; i < 10; i++) items.Add(new DataItem($"/d/{split}/{label}/{i}.jpg", label, split));
        return new ImageDataset("toy", "/d", ["a", "b", "c"], items, new LoadReport());
    }

    [Fact]
    public void The_majority_baseline_predicts_the_most_common_training_label()
    {
        Assert.Equal(1, Baselines.MajorityClass([0, 1, 1, 2]));
        Assert.Equal(0, Baselines.MajorityClass([1, 0, 0, 1])); // a tie goes to the lower label
        Assert.Equal(0.75, Baselines.MajorityClassAccuracy([1, 1, 0], [1, 1, 1, 0]));
        Assert.Throws<ArgumentException>(() => Baselines.MajorityClass([]));
    }

    [Fact]
    public void FSharp_Core_requests_are_answered_with_the_loaded_copy_of_the_same_major_version()
    {
        var fsharp = typeof(Microsoft.FSharp.Core.Unit).Assembly;
        var loaded = new[] { typeof(object).Assembly, fsharp };
        var v = fsharp.GetName().Version!;
        Assert.Same(fsharp, FSharpCoreRedirect.Resolve(new AssemblyName($"FSharp.Core, Version={v.Major}.{v.Minor + 1}.0.0"), loaded));
        Assert.Null(FSharpCoreRedirect.Resolve(new AssemblyName($"FSharp.Core, Version={v.Major + 1}.0.0.0"), loaded));
        Assert.Null(FSharpCoreRedirect.Resolve(new AssemblyName("Plotly.NET, Version=6.0.0.0"), loaded));
    }

    [Fact]
    public void Progress_lines_are_one_per_epoch_and_a_few_per_stage()
    {
        var output = new StringWriter();
        var progress = new ProgressLine(output);
        progress.Epochs.Report(new EpochMetrics(2, 0.5, 0.8, 0.6, 0.75, 1e-3, 3.2));
        for (int done = 1; done <= 100; done++) progress.Work.Report(new WorkProgress("train", done, 100, 20));
        for (int done = 1; done <= 10; done++) progress.Work.Report(new WorkProgress("train", done, 10, 20)); // the same stage again
        var lines = output.ToString().Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.StartsWith("epoch   2  train loss 0.500", lines[0]);
        Assert.Contains("held-out loss 0.600", lines[0]);
        Assert.Equal(["train: 25/100  20.0 items/s", "train: 50/100  20.0 items/s", "train: 75/100  20.0 items/s", "train: 100/100  20.0 items/s"], lines.Skip(1).Take(4));
        Assert.Equal("train: 10/10  20.0 items/s", lines[^1]);
    }
}
