using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Tests.Augment;

/// <summary>Small in-memory images with structure in every direction, so flips and turns are visible.</summary>
internal static class TestImages
{
    /// <summary>A colour gradient with a bright block off-centre: no symmetry, full channel range.</summary>
    public static Image<Rgb24> Pattern(int width = 48, int height = 32)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                bool block = x > width / 8 && x < width / 3 && y > height / 6 && y < height / 2;
                image[x, y] = block ? new Rgb24(250, 250, 30)
                    : new Rgb24((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)), (byte)((x + y) * 255 / (width + height - 2)));
            }
        return image;
    }

    /// <summary>A copy of <paramref name="original"/> with <paramref name="transform"/> applied (seeded), the original untouched for comparison.</summary>
    public static Image<Rgb24> Applied(Image<Rgb24> original, IImageTransform transform, int seed)
    {
        var image = original.Clone();
        transform.Apply(image, new Random(seed));
        return image;
    }

    public static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    /// <summary>Mean absolute difference per channel, 0..255.</summary>
    public static double MeanAbsDiff(Image<Rgb24> a, Image<Rgb24> b)
    {
        Assert.Equal(a.Size(), b.Size());
        var pa = Pixels(a); var pb = Pixels(b);
        double sum = 0;
        for (int i = 0; i < pa.Length; i++)
            sum += Math.Abs(pa[i].R - pb[i].R) + Math.Abs(pa[i].G - pb[i].G) + Math.Abs(pa[i].B - pb[i].B);
        return sum / (3.0 * pa.Length);
    }
}
