using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Tests.Data;

/// <summary>
/// Messy inputs, each generated on the fly: every case either decodes correctly or gives an error / a
/// reported skip that names the file. (Empty class folders, mismatched classes and the pixel cap on one file
/// are in <see cref="ImageFolderTests"/>.)
/// </summary>
public class BadInputTests
{
    static string Good(TempDir dir, string relative) => dir.Scene(relative, seed: 7, width: 40, height: 30);

    static void AssertRejected(string path, params string[] because)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.LoadRgb(path));
        Assert.Contains(path, e.Message);
        Assert.True(because.Any(b => e.Reason.Contains(b, StringComparison.OrdinalIgnoreCase)), $"reason '{e.Reason}' names none of {string.Join(", ", because)}");
    }

    [Fact]
    public void Corrupt_jpeg_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(dir.Image("ok.jpg", 10, 200, 10, 64, 64));
        // Scrambled tables after the start marker: the decoder cannot make sense of it.
        var scrambled = bytes.ToArray();
        new Random(5).NextBytes(scrambled.AsSpan(2, 300));
        AssertRejected(dir.Bytes("scrambled.jpg", scrambled), "corrupt", "header", "not an image");
        // Cut half-way with junk after it: ImageSharp alone would fill the missing half with gray.
        var cut = bytes.Take(bytes.Length / 2).Concat(Enumerable.Repeat((byte)0xFF, 40)).ToArray();
        AssertRejected(dir.Bytes("cut.jpg", cut), "truncated");
    }

    [Fact]
    public void Truncated_png_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Good(dir, "ok.png"));
        AssertRejected(dir.Bytes("truncated.png", bytes.Take(bytes.Length * 2 / 3).ToArray()), "truncated", "corrupt");
    }

    [Fact]
    public void Zero_byte_file_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("empty.jpg", []);
        Assert.Null(ImageDecoder.Identify(path, out var problem));
        Assert.Contains("empty", problem);
        AssertRejected(path, "empty");
    }

    [Fact]
    public void Text_file_named_jpg_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("notes.jpg", "Shopping list: milk, eggs"u8.ToArray());
        AssertRejected(path, "not an image");
    }

    [Fact]
    public void Bad_files_in_a_dataset_are_skipped_and_reported_by_name()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 3, "train", "val");
        var good = File.ReadAllBytes(Path.Combine(root, "train", "red", "r0.png"));
        var bad = new[]
        {
            dir.Bytes("data/train/red/empty.png", []),
            dir.Bytes("data/train/red/notes.jpg", "hello"u8.ToArray()),
            dir.Bytes("data/train/red/truncated.png", good.Take(good.Length / 2).ToArray()),
            dir.Bytes("data/val/blue/README.md", "# notes"u8.ToArray()),
            dir.Image("data/train/blue/huge.png", 1, 2, 3, width: 600, height: 500),
        };
        var data = ImageFolder.Load(root, maxPixels: 200_000);
        var report = new LoadReport();
        var batch = ImageBatchDecoder.Decode(data.Items, Enumerable.Range(0, data.Items.Count).ToList(),
            Transforms.Eval(Preprocessing.CntkResNet), Preprocessing.CntkResNet, report);
        var skipped = data.Report.Skipped.Concat(report.Skipped).ToList();
        foreach (var path in bad) Assert.Contains(skipped, s => s.Path == path && s.Reason.Length > 0);
        Assert.Contains(skipped, s => s.Path.EndsWith("huge.png", StringComparison.Ordinal) && s.Reason.Contains("megapixel cap"));
        Assert.Equal(12, batch.Count);
    }

    [Fact]
    public void Cmyk_jpeg_decodes_to_rgb()
    {
        using var dir = new TempDir();
        var path = dir.Combine("cmyk.jpg");
        // Red: full cyan-free, magenta and yellow ink at 215 of 255, no black (Adobe stores 255 - ink).
        File.WriteAllBytes(path, CmykJpeg.Solid((200, 40, 40, 255)));
        Assert.Equal(4, JpegComponents(File.ReadAllBytes(path)));
        using var image = ImageDecoder.LoadRgb(path);
        Assert.Equal((16, 16), (image.Width, image.Height));
        var p = image[8, 8];
        Assert.InRange(p.R, 180, 220);
        Assert.InRange(p.G, 20, 60);
        Assert.InRange(p.B, 20, 60);
    }

    [Fact]
    public void Sixteen_bit_png_decodes_to_eight_bit_rgb()
    {
        using var dir = new TempDir();
        var path = dir.Combine("deep.png");
        using (var src = new Image<Rgb48>(20, 10, new Rgb48(65535, 32768, 0)))
            src.SaveAsPng(path, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb });
        Assert.Equal(16, File.ReadAllBytes(path)[24]); // IHDR bit depth
        using var image = ImageDecoder.LoadRgb(path);
        Assert.Equal(new Rgb24(255, 128, 0), image[5, 5]);
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        using var dir = new TempDir();
        var path = dir.Combine("rotated.jpg");
        using (var src = new Image<Rgb24>(40, 20, new Rgb24(90, 90, 90)))
        {
            for (int y = 0; y < 20; y++) for (int x = 0; x < 10; x++) src[x, y] = new Rgb24(250, 0, 0); // red on the left
            src.Metadata.ExifProfile = new ExifProfile();
            src.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // stored turned: show rotated 90° clockwise
            src.SaveAsJpeg(path, new JpegEncoder { Quality = 95 });
        }
        using var image = ImageDecoder.LoadRgb(path);
        Assert.Equal((20, 40), (image.Width, image.Height));
        Assert.True(image[10, 2].R > 200 && image[10, 2].G < 60, "the red strip should be on top after turning");
    }

    [Fact]
    public void Grayscale_alpha_palette_bmp_and_webp_all_decode_to_rgb()
    {
        using var dir = new TempDir();
        var gray = dir.Combine("gray.png");
        using (var g = new Image<L8>(16, 16, new L8(77))) g.SaveAsPng(gray);
        using (var image = ImageDecoder.LoadRgb(gray)) Assert.Equal(new Rgb24(77, 77, 77), image[3, 3]);

        // Fully transparent pixels have no colour of their own: they become white, not black.
        var alpha = dir.Combine("alpha.png");
        using (var a = new Image<Rgba32>(16, 16, new Rgba32(0, 0, 0, 0)))
        {
            a[2, 2] = new Rgba32(10, 200, 10, 255);
            a.SaveAsPng(alpha);
        }
        using (var image = ImageDecoder.LoadRgb(alpha))
        {
            Assert.Equal(new Rgb24(255, 255, 255), image[8, 8]);
            Assert.Equal(new Rgb24(10, 200, 10), image[2, 2]);
        }

        using var scene = TempDir.SceneImage(3, 48, 36);
        foreach (var (name, encoder) in new (string, SixLabors.ImageSharp.Formats.IImageEncoder)[]
                 { ("p.gif", new GifEncoder()), ("p.bmp", new BmpEncoder()), ("p.webp", new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }) })
        {
            var path = dir.Combine(name);
            scene.Save(path, encoder);
            using var image = ImageDecoder.LoadRgb(path);
            Assert.Equal((48, 36), (image.Width, image.Height));
            Assert.True(Augment.TestImages.MeanAbsDiff(image, scene) < 12, $"{name} differs by {Augment.TestImages.MeanAbsDiff(image, scene):F1}");
        }
    }

    [Fact]
    public void Over_cap_image_in_a_folder_is_skipped_with_the_cap_named()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("data", 2);
        var big = dir.Image("data/red/big.png", 5, 5, 5, width: 700, height: 700);
        var data = ImageFolder.Load(root, maxPixels: 400_000);
        var skip = Assert.Single(data.Report.Skipped);
        Assert.Equal(big, skip.Path);
        Assert.Contains("700x700", skip.Reason);
        Assert.Contains("cap", skip.Reason);
    }

    /// <summary>Components in the JPEG's SOF header (3 for YCbCr, 4 for CMYK/YCCK).</summary>
    static int JpegComponents(byte[] jpeg)
    {
        for (int i = 2; i + 9 < jpeg.Length;)
        {
            if (jpeg[i] != 0xFF) { i++; continue; }
            byte marker = jpeg[i + 1];
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xC3) return jpeg[i + 9];
            i += 2 + length;
        }
        return -1;
    }
}
