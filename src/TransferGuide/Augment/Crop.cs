using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Crops a fixed <paramref name="size"/> square at a relative position: (0, 0) top-left, (0.5, 0.5) centre,
/// (1, 1) bottom-right. The corner crops of test-time augmentation are made of these.
/// </summary>
public sealed class Crop(int size, double anchorX, double anchorY) : IImageTransform
{
    /// <summary>Side of the square.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));
    /// <summary>Horizontal position, 0..1.</summary>
    public double AnchorX { get; } = Probabilities.Check(anchorX, nameof(anchorX));
    /// <summary>Vertical position, 0..1.</summary>
    public double AnchorY { get; } = Probabilities.Check(anchorY, nameof(anchorY));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (image.Width < Size || image.Height < Size) new ResizeShorterSide(Size).Apply(image, random);
        int x = (int)Math.Round((image.Width - Size) * AnchorX), y = (int)Math.Round((image.Height - Size) * AnchorY);
        if (image.Width == Size && image.Height == Size) return;
        image.Mutate(m => m.Crop(new Rectangle(x, y, Size, Size)));
    }
}
