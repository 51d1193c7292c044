using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Augment;
using TransferGuide.Data;

namespace TransferGuide.Charts;

/// <summary>
/// One call shows what an augmentation pipeline does: the original image and <c>count</c> augmented versions
/// in a grid. <c>AugmentationGallery.Create("photo.jpg", Transforms.Strong(p))</c> shows inline in a notebook;
/// pass it to <c>HtmlReport.Chart</c> to save it in a report.
/// </summary>
public static class AugmentationGallery
{
    /// <summary>A gallery of the image in <paramref name="path"/> (decoded as training does).</summary>
    public static GenericChart Create(string path, IReadOnlyList<IImageTransform> transforms, int count = 9, int seed = 0, int columns = 5, int tileSize = 160)
    {
        using var image = ImageDecoder.LoadRgb(path);
        return Create(image, transforms, count, seed, columns, tileSize, title: $"Augmentations of {System.IO.Path.GetFileName(path)}");
    }

    /// <summary>A gallery of <paramref name="image"/>: version i uses <c>new Random(Mix(seed, i))</c>, so the grid is the same every run.</summary>
    public static GenericChart Create(Image<Rgb24> image, IReadOnlyList<IImageTransform> transforms, int count = 9, int seed = 0,
        int columns = 5, int tileSize = 160, string title = "Augmentations")
    {
        var tiles = Augmented(image, transforms, count, seed);
        try { return ImageGrid.Create(tiles, columns, tileSize, title); }
        finally { foreach (var (_, tile) in tiles) tile.Dispose(); }
    }

    /// <summary>The tiles the gallery draws: the original, then <paramref name="count"/> augmented copies (the caller disposes them).</summary>
    public static IReadOnlyList<(string Caption, Image<Rgb24> Image)> Augmented(Image<Rgb24> image, IReadOnlyList<IImageTransform> transforms, int count, int seed = 0)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "Ask for at least one augmented version.");
        var tiles = new List<(string, Image<Rgb24>)> { ("original", image.Clone()) };
        for (int i = 0; i < count; i++)
        {
            var copy = image.Clone();
            transforms.ApplyAll(copy, new Random(Core.Reproducibility.Mix(seed, i)));
            tiles.Add(($"#{i + 1} ({copy.Width}x{copy.Height})", copy));
        }
        return tiles;
    }
}
