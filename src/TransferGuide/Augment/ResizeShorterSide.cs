using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Resizes so the shorter side is <paramref name="size"/>, keeping the aspect ratio (bilinear).</summary>
public sealed class ResizeShorterSide(int size) : IImageTransform
{
    /// <summary>The target length of the shorter side.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random) => ImageResize.ShorterSide(image, Size);
}
