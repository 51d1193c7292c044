using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Mirrors the image top-bottom with probability <paramref name="probability"/>. Useful where "up" carries no
/// meaning (microscopy, satellite, flowers seen from above); harmful for scenes with a sky.
/// </summary>
public sealed class VerticalFlip(double probability = 0.5) : IImageTransform
{
    /// <summary>Chance of flipping each image.</summary>
    public double Probability { get; } = Probabilities.Check(probability, nameof(probability));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (random.NextDouble() < Probability) image.Mutate(m => m.Flip(FlipMode.Vertical));
    }
}
