using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Mirrors the image left-right with probability <paramref name="probability"/>.</summary>
public sealed class HorizontalFlip(double probability = 0.5) : IImageTransform
{
    /// <summary>Chance of flipping each image.</summary>
    public double Probability { get; } = Probabilities.Check(probability, nameof(probability));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (random.NextDouble() < Probability) image.Mutate(m => m.Flip(FlipMode.Horizontal));
    }
}
