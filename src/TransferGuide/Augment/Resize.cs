using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Resizes to exactly <paramref name="width"/> x <paramref name="height"/> (bilinear), ignoring the aspect ratio.
/// Use <see cref="ResizeShorterSide"/> then <see cref="CenterCrop"/> to keep shapes undistorted.
/// </summary>
public sealed class Resize(int width, int height) : IImageTransform
{
    /// <summary>A square resize.</summary>
    public Resize(int size) : this(size, size) { }

    /// <summary>Output width.</summary>
    public int Width { get; } = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width));
    /// <summary>Output height.</summary>
    public int Height { get; } = height > 0 ? height : throw new ArgumentOutOfRangeException(nameof(height));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (image.Width == Width && image.Height == Height) return;
        image.Mutate(m => m.Resize(Width, Height, KnownResamplers.Triangle));
    }
}
