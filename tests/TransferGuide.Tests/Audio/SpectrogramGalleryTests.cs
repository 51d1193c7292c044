using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Tests.Audio;

public class SpectrogramGalleryTests
{
    [Fact]
    public void Draws_the_clip_then_n_seeded_augmented_versions_in_a_row()
    {
        var clip = Waveform.Tone(440, 0.4);
        var mel = new LogMelSpectrogram { Height = 40, Width = 50 };
        IAudioTransform[] transforms = [new PitchShift(1.5), new AddNoise(5)];
        using var gallery = SpectrogramGallery.Draw(clip, transforms, n: 3, seed: 2, mel: mel);
        Assert.Equal((6 + 4 * 56, 52), (gallery.Width, gallery.Height));

        using var original = mel.ToImage(clip);
        Assert.Equal(original[10, 20], gallery[6 + 10, 6 + 20]);
        Assert.Equal(new Rgb24(255, 255, 255), gallery[3, 3]); // the gap

        using var again = SpectrogramGallery.Draw(clip, transforms, n: 3, seed: 2, mel: mel);
        using var other = SpectrogramGallery.Draw(clip, transforms, n: 3, seed: 3, mel: mel);
        Assert.True(SamePixels(gallery, again));
        Assert.False(SamePixels(gallery, other));
        using (var first = Crop(gallery, 0))
        using (var second = Crop(gallery, 1))
            Assert.False(SamePixels(first, second)); // augmented differs from the original

        using var dir = new TempDir();
        SpectrogramGallery.Save(dir.Combine("out", "gallery.png"), clip, transforms, 2, mel: mel);
        using var saved = Image.Load<Rgb24>(dir.Combine("out", "gallery.png"));
        Assert.Equal(6 + 3 * 56, saved.Width);
    }

    static Image<Rgb24> Crop(Image<Rgb24> gallery, int tile) =>
        gallery.Clone(g => g.Crop(new Rectangle(6 + tile * 56, 6, 50, 40)));

    static bool SamePixels(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return false;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
                if (!a[x, y].Equals(b[x, y])) return false;
        return true;
    }
}
