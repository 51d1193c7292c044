using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>A box in pixel coordinates: left, top, right, bottom (right and bottom exclusive).</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Bottom">Bottom edge.</param>
public readonly record struct Box(double Left, double Top, double Right, double Bottom)
{
    /// <summary>Width times height (0 when empty).</summary>
    public double Area => Math.Max(0, Right - Left) * Math.Max(0, Bottom - Top);
}

/// <summary>
/// Where the evaluation crop sits in the original image: resize the shorter side, then take the centred
/// square. Maps boxes drawn on the original photo into the crop the model (and Grad-CAM) sees.
/// </summary>
/// <param name="OriginalWidth">Width of the file's image.</param>
/// <param name="OriginalHeight">Height of the file's image.</param>
/// <param name="ResizedWidth">Width after resizing the shorter side.</param>
/// <param name="ResizedHeight">Height after resizing the shorter side.</param>
/// <param name="Size">Side of the crop.</param>
public sealed record CropGeometry(int OriginalWidth, int OriginalHeight, int ResizedWidth, int ResizedHeight, int Size)
{
    /// <summary>Left edge of the crop in the resized image.</summary>
    public int OffsetX => (ResizedWidth - Size) / 2;
    /// <summary>Top edge of the crop in the resized image.</summary>
    public int OffsetY => (ResizedHeight - Size) / 2;

    /// <summary>The geometry <see cref="Transforms.Eval"/> gives an image of this size (same rounding as its transforms).</summary>
    public static CropGeometry For(int width, int height, Preprocessing p)
    {
        int w = width, h = height;
        void Resize(int size)
        {
            if (Math.Min(w, h) == size) return;
            double scale = (double)size / Math.Min(w, h);
            (w, h) = (Math.Max(size, (int)Math.Round(w * scale)), Math.Max(size, (int)Math.Round(h * scale)));
        }
        Resize(p.ResizeShorterSide);
        if (w < p.CropSize || h < p.CropSize) Resize(p.CropSize);
        return new CropGeometry(width, height, w, h, p.CropSize);
    }

    /// <summary>A box on the original image, in crop coordinates, clipped to the crop.</summary>
    public Box ToCrop(Box original)
    {
        double sx = (double)ResizedWidth / OriginalWidth, sy = (double)ResizedHeight / OriginalHeight;
        static double Clip(double v, int size) => Math.Clamp(v, 0, size);
        return new Box(Clip(original.Left * sx - OffsetX, Size), Clip(original.Top * sy - OffsetY, Size),
            Clip(original.Right * sx - OffsetX, Size), Clip(original.Bottom * sy - OffsetY, Size));
    }
}

/// <summary>An image as the model sees it at evaluation: the centred crop, its normalised pixels and where it came from.</summary>
/// <param name="Path">The file.</param>
/// <param name="Crop">The crop, RGB, for display and overlays (dispose it).</param>
/// <param name="Pixels">Normalised <c>3 × S × S</c> floats in the preprocessing's channel order.</param>
/// <param name="Geometry">Where the crop sits in the original.</param>
public sealed record PreparedImage(string Path, Image<Rgb24> Crop, float[] Pixels, CropGeometry Geometry) : IDisposable
{
    /// <summary>Decodes <paramref name="path"/> and applies the evaluation transforms of <paramref name="p"/>.</summary>
    /// <exception cref="ImageDecodeException">The file is not a readable image.</exception>
    public static PreparedImage Load(string path, Preprocessing p)
    {
        var image = ImageDecoder.LoadRgb(path);
        var geometry = CropGeometry.For(image.Width, image.Height, p);
        Transforms.Eval(p).ApplyAll(image, new Random(0));
        var pixels = new float[3 * p.CropSize * p.CropSize];
        PixelTensor.WriteChw(image, p, pixels);
        return new PreparedImage(path, image, pixels, geometry);
    }

    /// <inheritdoc />
    public void Dispose() => Crop.Dispose();
}
