using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Data.Audio;
using TransferGuide.Training;

namespace TransferGuide.Charts;

/// <summary>
/// What augmentation does to a clip, at a glance: its log-mel spectrogram followed by the spectrograms of
/// <c>n</c> augmented versions, in one row, on a white background with a gap between tiles.
/// </summary>
public static class SpectrogramGallery
{
    /// <summary>Gap between tiles, in pixels.</summary>
    public const int Gap = 6;

    /// <summary>
    /// Draws the row. Version <c>k</c> applies <paramref name="transforms"/> in order with a generator seeded by
    /// (<paramref name="seed"/>, k), so the same call draws the same gallery.
    /// </summary>
    public static Image<Rgb24> Draw(Waveform clip, IReadOnlyList<IAudioTransform> transforms, int n = 5, int seed = 0, LogMelSpectrogram? mel = null)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Ask for zero or more augmented versions.");
        mel ??= new LogMelSpectrogram { Height = 128, Width = 128 };
        var gallery = new Image<Rgb24>(Gap + (n + 1) * (mel.Width + Gap), mel.Height + 2 * Gap, new Rgb24(255, 255, 255));
        for (int k = 0; k <= n; k++)
        {
            var version = k == 0 ? clip : transforms.ApplyAll(clip, new Random(Reproducibility.Mix(seed, k)));
            using var tile = mel.ToImage(version);
            int x = Gap + k * (mel.Width + Gap);
            gallery.Mutate(g => g.DrawImage(tile, new Point(x, Gap), 1f));
        }
        return gallery;
    }

    /// <summary>Draws the row and saves it as PNG at <paramref name="path"/>.</summary>
    public static void Save(string path, Waveform clip, IReadOnlyList<IAudioTransform> transforms, int n = 5, int seed = 0, LogMelSpectrogram? mel = null)
    {
        using var image = Draw(clip, transforms, n, seed, mel);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        image.SaveAsPng(path);
    }
}
