using System.Text.RegularExpressions;
using Plotly.NET;

namespace TransferGuide.Tests.Charts;

public class GalleryTests
{
    [Fact]
    public void Gallery_embeds_the_original_and_n_augmented_images_and_goes_into_a_report()
    {
        using var dir = new TempDir();
        var path = dir.Scene("photo.png", seed: 4, width: 120, height: 90);
        var p = Preprocessing.CntkResNet with { CropSize = 64, ResizeShorterSide = 72 };
        var chart = AugmentationGallery.Create(path, Transforms.Strong(p), count: 7, seed: 1);
        var html = GenericChart.toChartHTML(chart);
        Assert.Equal(8, Regex.Matches(html, "data:image/jpeg;base64,").Count);
        Assert.Contains("original", html);
        Assert.Contains("#7 (64x64)", html);
        // Same seed, same gallery.
        Assert.Equal(html.Length, GenericChart.toChartHTML(AugmentationGallery.Create(path, Transforms.Strong(p), count: 7, seed: 1)).Length);

        var report = new HtmlReport("gallery").Chart(chart);
        var file = dir.Combine("report.html");
        report.Save(file);
        Assert.Equal(8, Regex.Matches(File.ReadAllText(file), "data:image/jpeg;base64,").Count);
    }

    [Fact]
    public void Augmented_tiles_differ_from_each_other()
    {
        using var image = TempDir.SceneImage(5, 80, 60);
        var tiles = AugmentationGallery.Augmented(image, [new RandomResizedCrop(48), new HorizontalFlip(), new ColorJitter()], 6);
        try
        {
            Assert.Equal(7, tiles.Count);
            Assert.Equal((80, 60), (tiles[0].Image.Width, tiles[0].Image.Height));
            var hashes = tiles.Skip(1).Select(t => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Augment.TestImages.Pixels(t.Image).AsSpan()))).Distinct();
            Assert.Equal(6, hashes.Count());
        }
        finally { foreach (var t in tiles) t.Image.Dispose(); }
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationGallery.Augmented(image, [], 0));
    }
}

public class CorruptionGalleryTests
{
    [Fact]
    public void Severities_draw_the_clean_photo_and_five_levels_that_grow_further_from_it()
    {
        using var image = TempDir.SceneImage(6, 96, 72);
        var tiles = CorruptionGallery.Tiles(image, Enumerable.Range(1, 5).Select(s => ("fog", s)).ToList(), seed: 3);
        try
        {
            Assert.Equal(["clean", "fog 1", "fog 2", "fog 3", "fog 4", "fog 5"], tiles.Select(t => t.Caption));
            byte[] Bytes(int k) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Augment.TestImages.Pixels(tiles[k].Image).AsSpan()).ToArray();
            var clean = Bytes(0);
            double Distance(int k) => Bytes(k).Zip(clean).Average(p => Math.Abs(p.First - (double)p.Second));
            var distances = Enumerable.Range(1, 5).Select(Distance).ToList();
            Assert.All(distances, d => Assert.True(d > 0));
            Assert.True(distances[4] > distances[0], $"fog 5 should be further from the clean photo than fog 1: {string.Join(", ", distances)}");
        }
        finally { foreach (var t in tiles) t.Image.Dispose(); }
    }

    [Fact]
    public void Kinds_show_every_corruption_inline_and_a_bad_name_lists_the_valid_ones()
    {
        using var dir = new TempDir();
        var path = dir.Scene("photo.png", seed: 2, width: 80, height: 64);
        var html = GenericChart.toChartHTML(CorruptionGallery.Kinds(path, severity: 2));
        Assert.Equal(1 + TransferGuide.Augment.Corruptions.Corruptions.Names.Count, Regex.Matches(html, "data:image/jpeg;base64,").Count);
        Assert.Contains("gaussian_noise 2", html);
        using var image = TempDir.SceneImage(1, 32, 32);
        var e = Assert.Throws<ArgumentException>(() => CorruptionGallery.Tiles(image, [("smoke", 3)]));
        Assert.Contains("fog", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CorruptionGallery.Tiles(image, [("fog", 6)]));
    }
}
