namespace TransferGuide.Tests.Data;

public class ImageFolderTests
{
    [Fact]
    public void Corrupt_jpeg_and_non_image_files_are_skipped_and_reported()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 3, "train", "val");
        var good = File.ReadAllBytes(Path.Combine(root, "train", "blue", "b0.jpg"));
        var corrupt = dir.Bytes("data/train/blue/broken.jpg", good.Take(good.Length / 3).Concat(new byte[50]).ToArray());
        var header = dir.Bytes("data/train/blue/garbage.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var notes = dir.Bytes("data/train/red/notes.txt", "not a picture"u8.ToArray());

        var data = ImageFolder.Load(root);
        var report = new LoadReport();
        // Headers that parse can still hide a truncated body: decoding finds those.
        var batch = ImageBatchDecoder.Decode(data.Items, Enumerable.Range(0, data.Items.Count).ToList(),
            TransferGuide.Augment.Transforms.Eval(TransferGuide.Data.Preprocessing.CntkResNet), TransferGuide.Data.Preprocessing.CntkResNet, report);

        var skipped = data.Report.Skipped.Concat(report.Skipped).Select(s => s.Path).ToList();
        Assert.Contains(notes, skipped);
        Assert.Contains(header, skipped);
        Assert.Contains(corrupt, skipped);
        Assert.All(data.Report.Skipped.Concat(report.Skipped), s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Equal(12, batch.Count); // every good image decoded
        Assert.Equal(["blue", "red"], data.Classes);
        Assert.Equal(["train", "val"], data.Splits);
    }

    [Fact]
    public void Empty_class_folder_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 2);
        Directory.CreateDirectory(Path.Combine(root, "green"));
        var e = Assert.Throws<DataLayoutException>(() => ImageFolder.Load(root));
        Assert.Contains(Path.Combine(root, "green"), e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Class_folder_with_only_unreadable_files_is_an_error()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 2);
        dir.Bytes("data/green/a.jpg", [1, 2, 3]);
        var e = Assert.Throws<DataLayoutException>(() => ImageFolder.Load(root));
        Assert.Contains("green", e.Message);
        Assert.Contains("none decodable", e.Message);
    }

    [Fact]
    public void Missing_folder_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        var missing = dir.Combine("no-such-folder");
        var e = Assert.Throws<DataLayoutException>(() => ImageFolder.Load(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Folder_without_class_folders_is_an_error_with_the_fix()
    {
        using var dir = new TempDir();
        dir.Image("flat/a.png", 1, 2, 3);
        var e = Assert.Throws<DataLayoutException>(() => ImageFolder.Load(dir.Combine("flat")));
        Assert.Contains("no class folders", e.Message);
        Assert.Contains("sub-folder", e.Message);
    }

    [Fact]
    public void Classes_that_differ_between_splits_are_named()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 2, "train", "val");
        dir.Image("data/train/green/g.png", 0, 200, 0);
        var e = Assert.Throws<DataLayoutException>(() => ImageFolder.Load(root));
        Assert.Contains("green", e.Message);
    }

    [Fact]
    public void Pixel_cap_rejects_oversized_images_by_name()
    {
        using var dir = new TempDir();
        var big = dir.Image("big.png", 10, 10, 10, width: 400, height: 300);
        var info = ImageDecoder.Identify(big, out var problem, maxPixels: 100_000);
        Assert.Null(info);
        Assert.Contains("megapixel cap", problem);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.LoadRgb(big, maxPixels: 100_000));
        Assert.Contains(big, e.Message);
    }

    [Fact]
    public void Hymenoptera_loads_with_its_gif_placeholder_decoded()
    {
        var data = ImageFolder.Load(SharedData.Hymenoptera, "hymenoptera_data");
        Assert.Equal(245, data.Split("train").Count);
        Assert.Equal(153, data.Split("val").Count);
        var gif = data.Items.Single(i => i.Path.EndsWith("imageNotFound.gif", StringComparison.Ordinal));
        using var image = ImageDecoder.LoadRgb(gif.Path);
        Assert.Equal(300, image.Width);
    }

    [Fact]
    public void Stratified_split_keeps_class_shares_and_is_seeded()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("data", 10));
        var a = StratifiedSplit.Split(data.Items, 0.2, seed: 7);
        var b = StratifiedSplit.Split(data.Items, 0.2, seed: 7);
        Assert.Equal(a, b);
        foreach (var label in new[] { 0, 1 })
            Assert.Equal(2, a.Count(i => i.Label == label && i.Split == "val"));
        Assert.Equal(data.Items.Count, a.Count);
    }
}
