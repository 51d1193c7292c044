using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>
/// torchvision's RandomResizedCrop: a random area share in <paramref name="minScale"/>..1 and aspect ratio
/// in 3/4..4/3, resized to <paramref name="size"/> square (falls back to a centre crop after 10 tries).
/// </summary>
public sealed class RandomResizedCrop(int size, double minScale = 0.35, double maxScale = 1.0) : IImageTransform
{
    /// <summary>Output side.</summary>
    public int Size { get; } = size;

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        int w = image.Width, h = image.Height;
        double area = (double)w * h;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (minScale + (maxScale - minScale) * random.NextDouble());
            double logRatio = Math.Log(3.0 / 4) + (Math.Log(4.0 / 3) - Math.Log(3.0 / 4)) * random.NextDouble();
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
