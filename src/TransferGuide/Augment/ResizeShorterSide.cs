using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>Resizes so the shorter side is <paramref name="size"/>, keeping the aspect ratio (bilinear).</summary>
public sealed class ResizeShorterSide(int size) : IImageTransform
{
    /// <summary>The target length of the shorter side.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        int w = image.Width, h = image.Height;
        if (Math.Min(w, h) == Size) return;
        double scale = (double)Size / Math.Min(w, h);
        int nw = Math.Max(Size, (int)Math.Round(w * scale)), nh = Math.Max(Size, (int)Math.Round(h * scale));
        image.Mutate(x => x.Resize(nw, nh, KnownResamplers.Triangle));
    }
}
