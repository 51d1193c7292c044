using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Data;

/// <summary>The one resize the loader and the <c>ResizeShorterSide</c> transform share, so cached and fresh images match.</summary>
public static class ImageResize
{
    /// <summary>Resizes in place so the shorter side is <paramref name="size"/>, keeping the aspect ratio (bilinear).</summary>
    public static void ShorterSide(Image<Rgb24> image, int size)
    {
        int w = image.Width, h = image.Height;
        if (Math.Min(w, h) == size) return;
        double scale = (double)size / Math.Min(w, h);
        int nw = Math.Max(size, (int)Math.Round(w * scale)), nh = Math.Max(size, (int)Math.Round(h * scale));
        image.Mutate(x => x.Resize(nw, nh, KnownResamplers.Triangle));
    }
}
