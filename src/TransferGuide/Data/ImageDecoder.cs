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

    /// <summary>
    /// Reads the header, and the end of a JPEG or PNG to see that it is whole: the format and size, or a reason why it
    /// is not a usable image (broken or looping symbolic link, unreadable, empty, not an image, truncated, over the cap).
    /// </summary>
    public static (int Width, int Height, string Format)? Identify(string path, out string? problem, long maxPixels = DefaultMaxPixels) =>
        Inspect(path, out problem, maxPixels, checkEnd: true);

    /// <summary><see cref="Identify"/>; <paramref name="checkEnd"/> false skips the end check for a caller that checks the bytes it decodes.</summary>
    static (int Width, int Height, string Format)? Inspect(string path, out string? problem, long maxPixels, bool checkEnd)
    {
        problem = null;
        try
        {
            if (LinkProblem(path) is { } link) { problem = link; return null; }
            if (new FileInfo(path).Length == 0) { problem = "empty file (0 bytes); copy it again from the source"; return null; }
            var info = Image.Identify(path, out IImageFormat? format);
            var found = Check(info, format, path, maxPixels, out problem);
            if (checkEnd && found is { } f && ImageIntegrity.Truncation(path, f.Item3) is { } cut) { problem = cut; return null; }
            return found;
        }
        catch (UnauthorizedAccessException)
        {
            // Not fatal: one file a user cannot read must not stop a run over thousands that are fine.
            problem = "cannot be read (permission denied); give yourself read access (chmod a+r) or remove the file";
            return null;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ImageFormatException)
        {
            problem = "could not read the image header: " + e.Message;
            return null;
        }
    }

    /// <summary>What is wrong with <paramref name="path"/> as a symbolic link (broken, or a loop), or null.</summary>
    public static string? LinkProblem(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target) return null;
        try
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true);
            return final is { Exists: true } || Directory.Exists(final?.FullName) ? null
                : $"broken symbolic link to {target} (the target does not exist); fix the link or remove it";
        }
        catch (IOException)
        {
            return $"symbolic link loop ({path} -> {target} leads back to itself); fix the link or remove it";
        }
    }

    static (int, int, string)? Check(IImageInfo? info, IImageFormat? format, string path, long maxPixels, out string? problem)
    {
        problem = null;
        if (info == null || format == null)
        {
            problem = HasImageExtension(path)
                ? $"not an image: the name ends in {System.IO.Path.GetExtension(path)} but the content is not JPEG, PNG, GIF, BMP, WebP or TIFF (a text or web page saved under an image name?)"
                : "not an image (unknown format)";
            return null;
        }
        if ((long)info.Width * info.Height > maxPixels)
        {
            double megapixels = (double)info.Width * info.Height / 1_000_000;
            problem = $"{info.Width}x{info.Height} ({megapixels:0.#} megapixels) is over the {maxPixels / 1_000_000.0:0.##} megapixel cap; " +
                      $"downscale it, or pass --max-megapixels {Math.Ceiling(megapixels):0} to accept it";
            return null;
        }
        if (info.Width < 1 || info.Height < 1) { problem = "image has no pixels"; return null; }
        return (info.Width, info.Height, format.Name);
    }

    /// <summary>
    /// Decodes to 8-bit RGB, upright, or throws <see cref="ImageDecodeException"/> naming the file. Transparent
    /// areas are laid on white (their stored colour is often black, which would teach the model a false
    /// background); a JPEG that stops before its end marker is refused as truncated rather than trained on with a
    /// gray lower half.
    /// </summary>
    public static Image<Rgb24> LoadRgb(string path, long maxPixels = DefaultMaxPixels)
    {
        // The header first, before the whole file is read (a decompression bomb is refused unread); the end of the
        // file is checked below on the very bytes that are decoded, not read twice.
        if (Inspect(path, out var problem, maxPixels, checkEnd: false) == null)
            throw new ImageDecodeException(path, problem ?? "not an image");
        try
        {
            var bytes = File.ReadAllBytes(path);
            var info = Image.Identify(bytes, out var format);
            if (Check(info, format, path, maxPixels, out problem) == null) throw new ImageDecodeException(path, problem ?? "not an image");
            // Checked again on the bytes decoded: the file may have changed since the folder was scanned.
            using (var check = new MemoryStream(bytes, writable: false))
                if (ImageIntegrity.Truncation(check, format!.Name) is { } cut) throw new ImageDecodeException(path, cut);
            Image<Rgb24> image;
            // ImageSharp 2.1 does not say reliably whether a PNG, GIF or WebP has transparency, so every format
            // that can carry it goes through RGBA; for opaque pixels laying on white changes nothing.
            if (format.Name != "JPEG" && format.Name != "BMP")
            {
                using var rgba = Image.Load<Rgba32>(bytes);
                rgba.Mutate(x => x.BackgroundColor(Color.White));
                image = rgba.CloneAs<Rgb24>();
            }
            else image = Image.Load<Rgb24>(bytes);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageDecodeException(path, "cannot be read (permission denied); give yourself read access (chmod a+r) or remove the file", e);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ImageFormatException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            throw new ImageDecodeException(path, "corrupt or truncated image: " + e.Message, e);
        }
    }
}
