using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

using static TransferGuide.Tests.Augment.TestImages;

namespace TransferGuide.Tests.Augment;

public class TransformTests
{
    /// <summary>Every transform, with the size it must produce from a 48x32 input.</summary>
    public static TheoryData<string, int, int> All => new()
    {
        { "resize", 20, 10 }, { "shorter", 24, 16 }, { "center", 16, 16 }, { "rrc", 24, 24 },
        { "hflip", 48, 32 }, { "vflip", 48, 32 }, { "rotate", 48, 32 }, { "translate", 48, 32 }, { "scale", 48, 32 },
        { "affine", 48, 32 }, { "jitter", 48, 32 }, { "gray", 48, 32 }, { "erase", 48, 32 }, { "strong", 224, 224 },
    };

    static IImageTransform Make(string name) => name switch
    {
        "resize" => new Resize(20, 10),
        "shorter" => new ResizeShorterSide(16),
        "center" => new CenterCrop(16),
        "rrc" => new RandomResizedCrop(24),
        "hflip" => new HorizontalFlip(),
        "vflip" => new VerticalFlip(),
        "rotate" => new Rotation(30),
        "translate" => new Translation(0.2),
        "scale" => new Scale(0.7, 1.3),
        "affine" => new RandomAffine(20, 0.1, 0.8, 1.2),
        "jitter" => new ColorJitter(0.4, 0.4, 0.4, 0.1),
        "gray" => new Grayscale(0.5),
        "erase" => new RandomErasing(0.7),
        "strong" => new Compose([.. Transforms.Strong(Preprocessing.CntkResNet)]),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(All))]
    public void Output_has_the_expected_shape(string name, int width, int height)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            using var image = Pattern();
            Make(name).Apply(image, new Random(seed));
            Assert.Equal(new Size(width, height), image.Size());
        }
    }

    [Theory, MemberData(nameof(All))]
    public void Same_seed_gives_the_same_pixels(string name, int width, int height)
    {
        _ = (width, height);
        for (int seed = 0; seed < 5; seed++)
        {
            using var a = Pattern();
            using var b = Pattern();
            Make(name).Apply(a, new Random(seed));
            Make(name).Apply(b, new Random(seed));
            Assert.Equal(Pixels(a), Pixels(b));
        }
    }

    [Theory]
    [InlineData("rrc"), InlineData("hflip"), InlineData("vflip"), InlineData("rotate"), InlineData("translate"), InlineData("scale"),
     InlineData("affine"), InlineData("jitter"), InlineData("gray"), InlineData("erase"), InlineData("strong")]
    public void Different_seeds_give_different_images(string name)
    {
        var distinct = new HashSet<string>();
        for (int seed = 0; seed < 12; seed++)
        {
            using var image = Pattern();
            Make(name).Apply(image, new Random(seed));
            distinct.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Pixels(image).AsSpan()))));
        }
        Assert.True(distinct.Count >= 2, $"{name} gave the same image for 12 seeds");
    }

    [Fact]
    public void Flipping_twice_is_the_identity()
    {
        using var original = Pattern();
        foreach (IImageTransform flip in new IImageTransform[] { new HorizontalFlip(1), new VerticalFlip(1) })
        {
            using var image = Applied(original, flip, 1);
            Assert.NotEqual(Pixels(original), Pixels(image));
            flip.Apply(image, new Random(2));
            Assert.Equal(Pixels(original), Pixels(image));
        }
    }

    [Fact]
    public void Horizontal_flip_mirrors_columns()
    {
        using var original = Pattern();
        using var image = Applied(original, new HorizontalFlip(1), 0);
        for (int y = 0; y < 32; y += 7)
            for (int x = 0; x < 48; x += 5)
                Assert.Equal(original[x, y], image[47 - x, y]);
    }

    [Fact]
    public void Probability_zero_changes_nothing()
    {
        using var original = Pattern();
        foreach (var t in new IImageTransform[] { new HorizontalFlip(0), new VerticalFlip(0), new Grayscale(0), new RandomErasing(0),
                     new RandomApply(new Rotation(45), 0), new ColorJitter(0, 0, 0, 0), new Translation(0), new Scale(1, 1) })
        {
            using var image = Applied(original, t, 3);
            Assert.Equal(Pixels(original), Pixels(image));
        }
    }

    [Fact]
    public void Rotation_by_zero_is_the_identity()
    {
        using var original = Pattern();
        using var image = Applied(original, new Rotation(0, 0), 0);
        Assert.Equal(Pixels(original), Pixels(image));
        new Rotation(360, 360).Apply(image, new Random(0));
        Assert.Equal(Pixels(original), Pixels(image));
    }

    [Fact]
    public void Rotation_by_90_matches_a_quarter_turn_and_four_make_a_whole_one()
    {
        using var original = Pattern(32, 32);
        using var turned = original.Clone();
        new Rotation(90, 90).Apply(turned, new Random(0));
        using var exact = original.Clone(m => m.Rotate(RotateMode.Rotate90));
        Assert.True(MeanAbsDiff(turned, exact) < 0.5, $"90 degree turn differs from RotateMode.Rotate90 by {MeanAbsDiff(turned, exact):F2}");
        for (int i = 0; i < 3; i++) new Rotation(90, 90).Apply(turned, new Random(0));
        Assert.True(MeanAbsDiff(turned, original) < 0.5, $"four quarter turns differ from the original by {MeanAbsDiff(turned, original):F2}");
    }

    [Fact]
    public void Translation_moves_content_by_whole_pixels_and_blacks_the_strip()
    {
        using var original = Pattern();
        using var image = original.Clone();
        AffineWarp.Apply(image, 0, 1, 5, -3);
        for (int y = 0; y < 29; y++)
            for (int x = 0; x < 43; x++)
                Assert.Equal(original[x, y + 3], image[x + 5, y]);
        for (int y = 0; y < 32; y++) Assert.Equal(new Rgb24(0, 0, 0), image[2, y]);
    }

    [Fact]
    public void Scale_above_one_zooms_about_the_centre()
    {
        using var original = Pattern(40, 40);
        using var image = Applied(original, new Scale(2, 2), 0);
        // The centre stays put, and a point 8 px from it lands 16 px away.
        Assert.True(Math.Abs(image[20, 20].R - original[20, 20].R) <= 8);
        Assert.True(Math.Abs(image[36, 20].R - original[28, 20].R) <= 8);
    }

    [Fact]
    public void Grayscale_makes_channels_equal()
    {
        using var image = Pattern();
        new Grayscale(1).Apply(image, new Random(0));
        Assert.All(Pixels(image), p => Assert.True(Math.Abs(p.R - p.G) <= 1 && Math.Abs(p.G - p.B) <= 1));
    }

    [Fact]
    public void Brightness_jitter_moves_mean_brightness_both_ways()
    {
        using var original = Pattern();
        double mean = Pixels(original).Average(p => (p.R + p.G + p.B) / 3.0);
        var means = Enumerable.Range(0, 10).Select(seed =>
        {
            using var image = Applied(original, new ColorJitter(0.5, 0, 0, 0), seed);
            return Pixels(image).Average(p => (p.R + p.G + p.B) / 3.0);
        }).ToList();
        Assert.Contains(means, m => m < mean - 5);
        Assert.Contains(means, m => m > mean + 5);
    }

    [Fact]
    public void Hue_jitter_leaves_gray_gray()
    {
        using var image = new Image<Rgb24>(16, 16, new Rgb24(120, 120, 120));
        new ColorJitter(0, 0, 0, 0.5).Apply(image, new Random(4));
        Assert.All(Pixels(image), p => Assert.True(Math.Abs(p.R - 120) <= 2 && Math.Abs(p.B - 120) <= 2));
    }

    [Fact]
    public void Random_erasing_fills_one_rectangle_within_the_area_limits()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            using var image = new Image<Rgb24>(50, 40, new Rgb24(200, 200, 200));
            new RandomErasing(1, MinArea: 0.1, MaxArea: 0.2, Fill: new Rgb24(0, 0, 0)).Apply(image, new Random(seed));
            var black = new List<(int X, int Y)>();
            for (int y = 0; y < 40; y++) for (int x = 0; x < 50; x++) if (image[x, y].R == 0) black.Add((x, y));
            int w = black.Max(p => p.X) - black.Min(p => p.X) + 1, h = black.Max(p => p.Y) - black.Min(p => p.Y) + 1;
            Assert.Equal(w * h, black.Count); // one solid rectangle
            Assert.InRange(black.Count, 0.1 * 2000 * 0.8, 0.2 * 2000 * 1.2);
        }
    }

    [Fact]
    public void Center_crop_takes_the_middle()
    {
        using var original = Pattern();
        using var image = Applied(original, new CenterCrop(16), 0);
        Assert.Equal(original[16, 8], image[0, 0]);
    }

    [Fact]
    public void Bad_settings_fail_when_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rotation(10, -10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Scale(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomResizedCrop(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translation(2));
        using var image = Pattern();
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColorJitter(Hue: 0.8).Apply(image, new Random(0)));
    }

    [Fact]
    public void Normalize_matches_the_weights_preprocessing_and_inverts()
    {
        using var image = Pattern(24, 24);
        var p = Preprocessing.CntkResNet;
        var normalize = new Normalize(p);
        var chw = normalize.Apply(image);
        Assert.Equal(3 * 24 * 24, chw.Length);
        // BGR order, 0..255 minus the means: channel 0 is blue.
        Assert.Equal(image[3, 5].B - 103.06f, chw[0 * 576 + 5 * 24 + 3], 3);
        Assert.Equal(image[3, 5].R - 123.15f, chw[2 * 576 + 5 * 24 + 3], 3);
        var bounds = normalize.Bounds();
        for (int c = 0; c < 3; c++)
            Assert.All(chw.AsSpan(c * 576, 576).ToArray(), v => Assert.InRange(v, bounds[c].Min, bounds[c].Max));
        using var back = normalize.Invert(chw, 24, 24);
        Assert.Equal(Pixels(image), Pixels(back));

        var torchvision = new Normalize(Preprocessing.TorchvisionImageNet);
        var tv = torchvision.Apply(image);
        Assert.Equal((image[0, 0].R / 255f - 0.485f) / 0.229f, tv[0], 4);
        using var tvBack = torchvision.Invert(tv, 24, 24);
        Assert.Equal(Pixels(image), Pixels(tvBack));
    }
}
