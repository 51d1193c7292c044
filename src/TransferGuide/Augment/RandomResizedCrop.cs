using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// torchvision's RandomResizedCrop: a random area share in <paramref name="minScale"/>..<paramref name="maxScale"/>
/// and aspect ratio in <paramref name="minRatio"/>..<paramref name="maxRatio"/> (drawn log-uniformly), resized to
/// <paramref name="size"/> square (falls back to a centre crop after 10 tries).
/// </summary>
public sealed class RandomResizedCrop(int size, double minScale = 0.35, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3) : IImageTransform
{
    /// <summary>Output side.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));
    /// <summary>Share of the area kept.</summary>
    public (double Min, double Max) AreaShare { get; } =
        minScale is > 0 and <= 1 && maxScale is > 0 and <= 1 ? Probabilities.Range(minScale, maxScale, nameof(minScale))
            : throw new ArgumentOutOfRangeException(nameof(minScale), "Area shares must be in (0, 1].");
    /// <summary>Width/height ratio of the crop.</summary>
    public (double Min, double Max) AspectRatio { get; } =
        minRatio > 0 ? Probabilities.Range(minRatio, maxRatio, nameof(minRatio)) : throw new ArgumentOutOfRangeException(nameof(minRatio));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        int w = image.Width, h = image.Height;
        double area = (double)w * h;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (AreaShare.Min + (AreaShare.Max - AreaShare.Min) * random.NextDouble());
            double logRatio = Math.Log(AspectRatio.Min) + (Math.Log(AspectRatio.Max) - Math.Log(AspectRatio.Min)) * random.NextDouble();
            double ratio = Math.Exp(logRatio);
            int cw = (int)Math.Round(Math.Sqrt(target * ratio)), ch = (int)Math.Round(Math.Sqrt(target / ratio));
            if (cw < 1 || ch < 1 || cw > w || ch > h) continue;
            int x = random.Next(0, w - cw + 1), y = random.Next(0, h - ch + 1);
            image.Mutate(m => m.Crop(new Rectangle(x, y, cw, ch)).Resize(Size, Size, KnownResamplers.Triangle));
            return;
        }
        new ResizeShorterSide(Size).Apply(image, random);
        new CenterCrop(Size).Apply(image, random);
    }
}
