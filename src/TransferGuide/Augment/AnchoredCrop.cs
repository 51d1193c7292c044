using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>Where <see cref="AnchoredCrop"/> takes its square.</summary>
public enum CropAnchor
{
    /// <summary>The centre (as <see cref="CenterCrop"/>).</summary>
    Center,
    /// <summary>Top-left corner.</summary>
    TopLeft,
    /// <summary>Top-right corner.</summary>
    TopRight,
    /// <summary>Bottom-left corner.</summary>
    BottomLeft,
    /// <summary>Bottom-right corner.</summary>
    BottomRight,
}

/// <summary>A deterministic square crop at a corner or the centre: the five views of torchvision's FiveCrop.</summary>
public sealed class AnchoredCrop(int size, CropAnchor anchor) : IImageTransform
{
    /// <summary>Side of the square.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));

    /// <summary>Where the square sits.</summary>
    public CropAnchor Anchor { get; } = anchor;

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (image.Width < Size || image.Height < Size) new ResizeShorterSide(Size).Apply(image, random);
        int right = image.Width - Size, bottom = image.Height - Size;
        var (x, y) = Anchor switch
        {
            CropAnchor.TopLeft => (0, 0),
            CropAnchor.TopRight => (right, 0),
            CropAnchor.BottomLeft => (0, bottom),
            CropAnchor.BottomRight => (right, bottom),
            _ => (right / 2, bottom / 2),
        };
        image.Mutate(m => m.Crop(new Rectangle(x, y, Size, Size)));
    }
}
