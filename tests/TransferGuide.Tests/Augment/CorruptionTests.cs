using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Augment.Corruptions;

using static TransferGuide.Tests.Augment.TestImages;

namespace TransferGuide.Tests.Augment;

public class CorruptionTests
{
    /// <summary>Every corruption by name.</summary>
    public static TheoryData<string> All => new(Corruptions.Names);

    /// <summary>The corruptions that draw from the random source.</summary>
    public static TheoryData<string> Random => new("gaussian_noise", "fog");

    /// <summary>
    /// The clean image every corruption starts from: a 64x64 gradient with an off-centre block and a fixed fine texture,
    /// as photos have (on a smooth gradient alone, pixelating to exactly half size misplaces less than to 0.6 of it).
    /// </summary>
    static Image<Rgb24> Clean()
    {
        var image = Pattern(64, 64);
        var texture = new System.Random(0);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                var p = image[x, y];
                int n = texture.Next(-30, 31);
                image[x, y] = new Rgb24((byte)Math.Clamp(p.R + n, 0, 255), (byte)Math.Clamp(p.G + n, 0, 255), (byte)Math.Clamp(p.B + n, 0, 255));
            }
        return image;
    }

    [Theory, MemberData(nameof(All))]
    public void Size_is_unchanged_at_every_severity(string name)
    {
        for (int severity = 1; severity <= 5; severity++)
        {
            using var image = Pattern(64, 40);
            Corruptions.Create(name, severity).Apply(image, new System.Random(severity));
            Assert.Equal(new Size(64, 40), image.Size());
        }
    }

    [Theory, MemberData(nameof(All))]
    public void Same_seed_gives_identical_pixels(string name)
    {
        using var clean = Clean();
        for (int severity = 1; severity <= 5; severity++)
        {
            using var a = Applied(clean, Corruptions.Create(name, severity), 7);
            using var b = Applied(clean, Corruptions.Create(name, severity), 7);
            Assert.Equal(Pixels(a), Pixels(b));
            Assert.NotEqual(Pixels(clean), Pixels(a));
        }
    }

    [Theory, MemberData(nameof(Random))]
    public void Different_seeds_give_different_pixels(string name)
    {
        using var clean = Clean();
        using var a = Applied(clean, Corruptions.Create(name, 3), 1);
        using var b = Applied(clean, Corruptions.Create(name, 3), 2);
        Assert.NotEqual(Pixels(a), Pixels(b));
    }

    [Theory, InlineData("gaussian_blur"), InlineData("contrast"), InlineData("jpeg"), InlineData("pixelate")]
    public void Deterministic_corruptions_ignore_the_seed(string name)
    {
        using var clean = Clean();
        using var a = Applied(clean, Corruptions.Create(name, 3), 1);
        using var b = Applied(clean, Corruptions.Create(name, 3), 2);
        Assert.Equal(Pixels(a), Pixels(b));
    }

    /// <summary>
    /// Pixelation is left out: its difference from the clean image is not monotonic in ImageNet-C's own fractions
    /// (0.5 of the side aligns the blocks with the pixels, and misplaces less than 0.6 does; at 224 pixels too).
    /// Its severity is tested by <see cref="Pixelation_coarsens_with_severity"/>.
    /// </summary>
    [Theory, InlineData("gaussian_noise"), InlineData("gaussian_blur"), InlineData("fog"), InlineData("contrast"), InlineData("jpeg")]
    public void Distortion_grows_with_severity(string name)
    {
        using var clean = Clean();
        var distance = new double[5];
        for (int severity = 1; severity <= 5; severity++)
            // Averaged over seeds, so one lucky fog or noise draw cannot decide it.
            for (int seed = 0; seed < 4; seed++)
            {
                using var image = Applied(clean, Corruptions.Create(name, severity), seed);
                distance[severity - 1] += MeanAbsDiff(clean, image) / 4;
            }
        var shown = string.Join(", ", distance.Select(d => d.ToString("F2")));
        Assert.True(distance[0] > 0.5, $"{name} severity 1 barely changes the image: {shown}");
        for (int s = 1; s < 5; s++)
            Assert.True(distance[s] > distance[s - 1], $"{name}: mean absolute difference from the clean image by severity 1..5 is {shown}, not increasing");
    }

    [Fact]
    public void Pixelation_coarsens_with_severity()
    {
        using var clean = Clean();
        var columns = new int[5];
        for (int severity = 1; severity <= 5; severity++)
        {
            using var image = Applied(clean, new Pixelate(severity), 0);
            // Columns that differ from the one on their left: one per block, fewer as the blocks grow.
            columns[severity - 1] = 1 + Enumerable.Range(1, 63).Count(x => Enumerable.Range(0, 64).Any(y => image[x, y] != image[x - 1, y]));
        }
        Assert.Equal([38, 32, 25, 19, 16], columns); // (int)(64 * 0.6), 0.5, 0.4, 0.3, 0.25
    }

    [Fact]
    public void Contrast_pulls_each_channel_towards_its_own_mean()
    {
        using var clean = Clean();
        using var image = Applied(clean, new Contrast(2), 0); // c = 0.3
        var before = Pixels(clean);
        var after = Pixels(image);
        double mean = before.Average(p => p.R);
        for (int i = 0; i < before.Length; i += 97)
            Assert.InRange(after[i].R, (before[i].R - mean) * 0.3 + mean - 1, (before[i].R - mean) * 0.3 + mean + 1);
        Assert.InRange(after.Average(p => p.R), mean - 1, mean + 1);
    }

    [Fact]
    public void Noise_has_the_severitys_standard_deviation()
    {
        using var gray = new Image<Rgb24>(128, 128, new Rgb24(128, 128, 128));
        new GaussianNoise(1).Apply(gray, new System.Random(3));
        var values = Pixels(gray).SelectMany(p => new[] { p.R - 128.0, p.G - 128.0, p.B - 128.0 }).ToList();
        double sd = Math.Sqrt(values.Average(v => v * v));
        Assert.InRange(sd, 0.08 * 255 * 0.95, 0.08 * 255 * 1.05);
    }

    [Fact]
    public void Blur_sigma_scales_with_the_shorter_side()
    {
        Assert.Equal(2.0, new GaussianBlur(2).SigmaFor(224), 9);
        Assert.Equal(4.0, new GaussianBlur(2).SigmaFor(448), 9);
        Assert.Equal(6.0 * 0.5, new GaussianBlur(5).SigmaFor(64), 9); // never below half of ImageNet-C's sigma
    }

    [Fact]
    public void Plasma_is_in_0_to_1_and_seeded()
    {
        var a = PlasmaFractal.Generate(64, 2, new System.Random(5));
        var b = PlasmaFractal.Generate(64, 2, new System.Random(5));
        var c = PlasmaFractal.Generate(64, 2, new System.Random(6));
        Assert.Equal(a.Cast<double>(), b.Cast<double>());
        Assert.NotEqual(a.Cast<double>(), c.Cast<double>());
        Assert.Equal(0, a.Cast<double>().Min());
        Assert.Equal(1, a.Cast<double>().Max());
    }

    [Fact]
    public void Names_create_their_corruption_in_any_spelling()
    {
        Assert.Equal(["gaussian_noise", "gaussian_blur", "fog", "contrast", "jpeg", "pixelate"], Corruptions.Names);
        Assert.IsType<GaussianNoise>(Corruptions.Create("Gaussian-Noise", 1));
        Assert.IsType<JpegCompression>(Corruptions.Create(" JPEG ", 5));
        Assert.Equal(4, Assert.IsType<Fog>(Corruptions.Create("fog", 4)).Severity);
    }

    [Fact]
    public void A_bad_name_lists_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Corruptions.Create("snow", 3));
        Assert.Contains("'snow'", e.Message);
        foreach (var name in Corruptions.Names) Assert.Contains(name, e.Message);
    }

    [Theory, InlineData(0), InlineData(6), InlineData(-1)]
    public void A_bad_severity_names_the_range(int severity)
    {
        foreach (var name in Corruptions.Names)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Corruptions.Create(name, severity));
            Assert.Contains("1 to 5", e.Message);
            Assert.Contains(name, e.Message);
        }
    }

    [Fact]
    public void Each_images_seed_depends_on_its_path_not_on_the_order()
    {
        Assert.Equal(CorruptedFolder.SeedOf(42, "train/a/x.png"), CorruptedFolder.SeedOf(42, "train\\a\\x.png"));
        Assert.NotEqual(CorruptedFolder.SeedOf(42, "train/a/x.png"), CorruptedFolder.SeedOf(42, "train/a/y.png"));
        Assert.NotEqual(CorruptedFolder.SeedOf(42, "train/a/x.png"), CorruptedFolder.SeedOf(43, "train/a/x.png"));
        Assert.Equal("a/x.jpg", CorruptedFolder.OutputName("a/x.jpg"));
        Assert.Equal("a/x.bmp.png", CorruptedFolder.OutputName("a/x.bmp"));
    }

    [Fact]
    public void A_copy_keeps_layout_names_labels_and_sizes()
    {
        using var dir = new TempDir();
        var source = dir.ColourDataset("clean", 2, "train", "test");
        dir.Image("clean/test/red/odd.bmp", 200, 40, 40, width: 30, height: 20);
        var data = ImageFolder.Load(source);
        var copy = CorruptedFolder.Write(data, dir.Combine("fog"), "fog", 2, seed: 1);
        Assert.Equal(data.Items.Count, copy.Written);
        var corrupted = ImageFolder.Load(copy.Root);
        Assert.Equal(data.Classes, corrupted.Classes);
        foreach (var item in data.Items)
        {
            var relative = CorruptedFolder.OutputName(Path.GetRelativePath(source, item.Path));
            var twin = Assert.Single(corrupted.Items, i => Path.GetRelativePath(copy.Root, i.Path) == relative);
            Assert.Equal((item.Label, item.Split), (twin.Label, twin.Split));
            var (a, b) = (Image.Identify(item.Path), Image.Identify(twin.Path));
            Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        }
    }
}
