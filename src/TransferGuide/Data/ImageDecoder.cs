using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Data;

/// <summary>Thrown when a file cannot be decoded as an image; the message names the file and the cause.</summary>
public sealed class ImageDecodeException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
    /// <summary>The cause, in words.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// Defensive image decoding with ImageSharp 2.1.13: checks the header and pixel count before decoding
/// (crafted images have had CVEs, and a decompression bomb must not exhaust memory), applies EXIF
/// orientation, and converts palette, grayscale, alpha, CMYK and 16-bit images to 8-bit RGB.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Default cap on width × height: 40 megapixels (a 3024x3024 photo is 9).</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>Extensions the kit treats as images.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>([".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the file name looks like an image.</summary>
    public static bool HasImageExtension(string path) => ImageExtensions.Contains(System.IO.Path.GetExtension(path));

    /// <summary>Reads only the header: the format and size, or a reason why it is not a usable image.</summary>
    public static (int Width, int Height, string Format)? Identify(string path, out string? problem, long maxPixels = DefaultMaxPixels)
    {
        problem = null;
        try
        {
            var info = Image.Identify(path, out IImageFormat? format);
            if (info == null || format == null) { problem = "not an image ImageSharp can read (unknown format)"; return null; }
            if ((long)info.Width * info.Height > maxPixels)
            {
                problem = $"{info.Width}x{info.Height} is over the {maxPixels / 1_000_000} megapixel cap; downscale it or raise maxPixels";
                return null;
            }
            if (info.Width < 1 || info.Height < 1) { problem = "image has no pixels"; return null; }
            return (info.Width, info.Height, format.Name);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ImageFormatException)
        {
            problem = "could not read the image header: " + e.Message;
            return null;
        }
    }

    /// <summary>Decodes to 8-bit RGB, upright, or throws <see cref="ImageDecodeException"/> naming the file.</summary>
    public static Image<Rgb24> LoadRgb(string path, long maxPixels = DefaultMaxPixels)
    {
        if (Identify(path, out var problem, maxPixels) == null)
            throw new ImageDecodeException(path, problem ?? "not an image");
        try
        {
            var image = Image.Load<Rgb24>(path);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ImageFormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new ImageDecodeException(path, "corrupt or truncated image: " + e.Message, e);
        }
    }
}
