using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Tests.Data;

public class DataCleanerTests
{
    /// <summary>
    /// train/val with: an exact copy across splits under another label, a re-encoded smaller copy across splits,
    /// a near copy within train, a truncated PNG, a text file named .jpg and a tiny image.
    /// </summary>
    internal static (string Root, Dictionary<string, string> Files) Messy(TempDir dir)
    {
        var f = new Dictionary<string, string>();
        for (int i = 0; i < 6; i++)
        {
            f[$"train/cat{i}"] = dir.Scene($"d/train/cat/c{i}.png", seed: 100 + i);
            f[$"train/dog{i}"] = dir.Scene($"d/train/dog/d{i}.png", seed: 200 + i);
        }
        for (int i = 0; i < 3; i++)
        {
            f[$"val/cat{i}"] = dir.Scene($"d/val/cat/vc{i}.png", seed: 300 + i);
            f[$"val/dog{i}"] = dir.Scene($"d/val/dog/vd{i}.png", seed: 400 + i);
        }
        // Exact: the same bytes in val, labelled dog.
        f["exact"] = dir.Combine("d/val/dog/copy-of-c0.png");
        File.Copy(f["train/cat0"], f["exact"]);
        // Near across splits: c1 at 75% size, as JPEG.
        using (var img = Image.Load(f["train/cat1"]))
        {
            img.Mutate(m => m.Resize(72, 54));
            f["near"] = dir.Combine("d/val/cat/c1-small.jpg");
            img.SaveAsJpeg(f["near"], new JpegEncoder { Quality = 75 });
        }
        // Near within train: d2 re-encoded.
        using (var img = Image.Load(f["train/dog2"]))
        {
            f["within"] = dir.Combine("d/train/dog/d2-again.jpg");
            img.SaveAsJpeg(f["within"], new JpegEncoder { Quality = 90 });
        }
        var good = File.ReadAllBytes(f["train/cat3"]);
        f["truncated"] = dir.Bytes("d/train/cat/truncated.png", good.Take(good.Length / 2).ToArray());
        f["text"] = dir.Bytes("d/train/dog/readme.jpg", "this is not a picture"u8.ToArray());
        f["tiny"] = dir.Scene("d/train/dog/tiny.png", seed: 999, width: 20, height: 18);
        return (dir.Combine("d"), f);
    }

    /// <summary>The <see cref="Messy"/> folder loaded and analysed with the default options.</summary>
    static (ImageDataset Data, DataCleaningReport Report, Dictionary<string, string> Files) AnalysedMessy(TempDir dir)
    {
        var (root, files) = Messy(dir);
        var data = ImageFolder.Load(root);
        return (data, DataCleaner.Analyse(data), files);
    }

    [Fact]
    public void Finds_exact_and_near_duplicates_within_and_across_splits()
    {
        using var dir = new TempDir();
        var (_, report, f) = AnalysedMessy(dir);

        var exact = Assert.Single(report.Duplicates, d => d.Kind == DuplicatePair.Exact);
        Assert.Equal(new[] { f["train/cat0"], f["exact"] }.Order(StringComparer.Ordinal), new[] { exact.PathA, exact.PathB });
        Assert.True(exact.CrossSplit);
        Assert.True(exact.LabelConflict);

        var near = report.Duplicates.Where(d => d.Kind == DuplicatePair.Near).ToList();
        Assert.Contains(near, d => d.CrossSplit && new[] { d.PathA, d.PathB }.Order().SequenceEqual(new[] { f["train/cat1"], f["near"] }.Order()));
        Assert.Contains(near, d => !d.CrossSplit && new[] { d.PathA, d.PathB }.Order().SequenceEqual(new[] { f["train/dog2"], f["within"] }.Order()));
        Assert.Equal(3, report.Duplicates.Count); // and no false positives among the 18 distinct scenes
        Assert.Equal(new[] { f["exact"], f["near"] }.Order(StringComparer.Ordinal), report.LeakedItems());

        Assert.Contains(report.Unreadable, s => s.Path == f["truncated"]);
        Assert.Contains(report.Unreadable, s => s.Path == f["text"]);
        Assert.Equal(f["tiny"], Assert.Single(report.Tiny).Path);
        Assert.Equal(6 + 1 + 1, report.ClassCounts["train"]["dog"]); // 6 scenes, the re-encoded copy and the tiny one
    }

    [Fact]
    public void Dropping_leaks_removes_only_held_out_copies_and_says_why()
    {
        using var dir = new TempDir();
        var (data, report, f) = AnalysedMessy(dir);
        var clean = report.WithoutLeaks(data);

        Assert.Equal(data.Items.Count - 2, clean.Items.Count);
        Assert.DoesNotContain(clean.Items, i => i.Path == f["exact"] || i.Path == f["near"]);
        Assert.Contains(clean.Items, i => i.Path == f["train/cat0"]);
        Assert.Contains(clean.Items, i => i.Path == f["within"]); // within-split copies are not leaks
        var why = Assert.Single(clean.Report.Skipped, s => s.Path == f["near"]).Reason;
        Assert.Contains(f["train/cat1"], why);
        Assert.Empty(report.LeakedItems(evaluationSplit: "test"));
    }

    [Fact]
    public void Json_lists_each_pair_with_both_paths_kind_and_split_crossing()
    {
        using var dir = new TempDir();
        var (_, report, _) = AnalysedMessy(dir);
        var path = dir.Combine("report.json");
        report.Save(path);

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var pairs = doc.RootElement.GetProperty("duplicates").EnumerateArray().ToList();
        Assert.Equal(3, pairs.Count);
        Assert.All(pairs, p =>
        {
            Assert.True(File.Exists(p.GetProperty("path_a").GetString()));
            Assert.True(File.Exists(p.GetProperty("path_b").GetString()));
            Assert.Contains(p.GetProperty("kind").GetString(), new[] { "exact", "near" });
            Assert.Equal(p.GetProperty("split_a").GetString() != p.GetProperty("split_b").GetString(), p.GetProperty("cross_split").GetBoolean());
        });
        Assert.Equal(report.Duplicates.Count, DataCleaningReport.Load(path).Duplicates.Count);

        var html = DataReportPage.Create(report).ToHtml();
        Assert.Contains("data:image/jpeg;base64,", html);
        Assert.Contains("Class balance", html);
        Assert.Contains("truncated.png", html);
    }

    [Fact]
    public void Flowers17_cross_split_near_duplicates_are_all_found()
    {
        var root = DatasetResolver.Resolve("oxford_flowers17", allowDownload: false);
        var report = DataCleaner.Analyse(ImageFolder.Load(root, "oxford_flowers17"));
        var known = Assert.IsType<KnownDuplicateCheck>(report.KnownList);
        Assert.Equal(21, known.ListedCrossSplit);
        Assert.Equal(21, known.FoundCrossSplit);
        Assert.Equal(0, known.NotListedCrossSplit);
        Assert.Equal(66, known.Found);
        Assert.True(known.NotListed.Count <= 2, $"{known.NotListed.Count} pairs found that the list lacks");
        Assert.Equal(21, report.LeakedItems("test").Count);
    }
}
