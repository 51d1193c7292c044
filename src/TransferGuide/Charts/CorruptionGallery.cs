using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Augment.Corruptions;
using TransferGuide.Data;

namespace TransferGuide.Charts;

/// <summary>
/// What a shifted domain looks like: one photo under ImageNet-C-style corruptions, either one corruption at every
/// severity (<see cref="Severities(string, string, int, int)"/>) or every corruption at one severity
/// (<see cref="Kinds(string, int, IReadOnlyList{string}?, int, int)"/>). Week 12 starts here: a model trained on the
/// clean photos meets these at test time.
/// </summary>
public static class CorruptionGallery
{
    /// <summary>The photo in <paramref name="path"/>, clean and under <paramref name="corruption"/> at severities 1 to 5.</summary>
    public static GenericChart Severities(string path, string corruption, int seed = 0, int tileSize = 160)
    {
        var settings = Enumerable.Range(Corruptions.MinSeverity, Corruptions.MaxSeverity).Select(s => (corruption, s)).ToList();
        return Draw(path, settings, seed, tileSize, $"{Corruptions.Canonical(corruption)} at severities 1-5: {Path.GetFileName(path)}");
    }

    /// <summary>The photo in <paramref name="path"/>, clean and under each of <paramref name="names"/> (default: all) at <paramref name="severity"/>.</summary>
    public static GenericChart Kinds(string path, int severity = 3, IReadOnlyList<string>? names = null, int seed = 0, int tileSize = 160)
    {
        var settings = (names ?? Corruptions.Names).Select(n => (n, severity)).ToList();
        return Draw(path, settings, seed, tileSize, $"Corruptions at severity {severity}: {Path.GetFileName(path)}");
    }

    /// <summary>
    /// The tiles a gallery draws: the clean image, then one copy per (corruption, severity), each seeded by
    /// <paramref name="seed"/> alone so a gallery is the same every run (the caller disposes them).
    /// </summary>
    public static IReadOnlyList<(string Caption, Image<Rgb24> Image)> Tiles(Image<Rgb24> image, IReadOnlyList<(string Corruption, int Severity)> settings, int seed = 0)
    {
        if (settings.Count == 0) throw new ArgumentException("Name at least one corruption.", nameof(settings));
        // Build every transform first, so a bad name or severity fails before any image is cloned.
        var transforms = settings.Select(s => Corruptions.Create(s.Corruption, s.Severity)).ToList();
        var tiles = new List<(string, Image<Rgb24>)> { ("clean", image.Clone()) };
        for (int i = 0; i < settings.Count; i++)
        {
            var copy = image.Clone();
            transforms[i].Apply(copy, new Random(seed));
            tiles.Add(($"{Corruptions.Canonical(settings[i].Corruption)} {settings[i].Severity}", copy));
        }
        return tiles;
    }

    static GenericChart Draw(string path, IReadOnlyList<(string, int)> settings, int seed, int tileSize, string title)
    {
        using var image = ImageDecoder.LoadRgb(path);
        var tiles = Tiles(image, settings, seed);
        try { return ImageGrid.Create(tiles, columns: Math.Min(tiles.Count, 4), tileSize, title); }
        finally { foreach (var (_, tile) in tiles) tile.Dispose(); }
    }
}
