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
