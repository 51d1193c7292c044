using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Charts;

/// <summary>A first look at a dataset: the first few images of every class in one split, one row per class.</summary>
public static class DatasetSamples
{
    /// <summary>
    /// The items drawn: up to <paramref name="perClass"/> of each class from <paramref name="split"/>, in class
    /// order and then file order, so the same call always shows the same images.
    /// </summary>
    public static IReadOnlyList<DataItem> Pick(ImageDataset data, int perClass = 4, string split = "train")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var items = data.Split(split);
        return Enumerable.Range(0, data.Classes.Count)
            .SelectMany(c => items.Where(i => i.Label == c).OrderBy(i => i.Path, StringComparer.Ordinal).Take(perClass))
            .ToList();
    }

    /// <summary>Draws <see cref="Pick"/>'s images, captioned with class and file name.</summary>
    /// <exception cref="ArgumentException">The split has no items.</exception>
    public static GenericChart Create(ImageDataset data, int perClass = 4, string split = "train", int tileSize = 150, string? title = null)
    {
        var picked = Pick(data, perClass, split);
        if (picked.Count == 0)
            throw new ArgumentException($"{data.Name} has no items in split '{split}' (it has {string.Join(", ", data.Splits)}).", nameof(split));
        var tiles = new List<(string Caption, Image<Rgb24> Image)>();
        try
        {
            foreach (var item in picked)
                tiles.Add(($"{data.Classes[item.Label]}: {Path.GetFileName(item.Path)}", Image.Load<Rgb24>(item.Path)));
            // One row per class when the rows are short enough to read.
            return ImageGrid.Create(tiles, columns: Math.Min(perClass, 6), tileSize: tileSize, title: title ?? $"{data.Name}: sample {split} images");
        }
        finally
        {
            foreach (var t in tiles) t.Image.Dispose();
        }
    }
}
