using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Turns the image gray (BT.709 luminance in all three channels, so the model still gets three) with
/// probability <paramref name="probability"/>; 1 always, as a fixed step for gray-only data.
/// </summary>
public sealed class Grayscale(double probability = 0.1) : IImageTransform
{
    /// <summary>Chance of turning each image gray.</summary>
    public double Probability { get; } = Probabilities.Check(probability, nameof(probability));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (random.NextDouble() < Probability) image.Mutate(m => m.Grayscale());
    }
}
