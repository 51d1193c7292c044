using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Crops a centred square of <paramref name="size"/>; smaller images are first scaled up to fit.</summary>
public sealed class CenterCrop(int size) : IImageTransform
{
    /// <summary>Side of the square.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (image.Width < Size || image.Height < Size)
            new ResizeShorterSide(Size).Apply(image, random);
        int x = (image.Width - Size) / 2, y = (image.Height - Size) / 2;
        if (x == 0 && y == 0 && image.Width == Size && image.Height == Size) return;
        image.Mutate(m => m.Crop(new Rectangle(x, y, Size, Size)));
    }
}
