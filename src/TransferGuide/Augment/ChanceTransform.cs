using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// A transform that applies one fixed ImageSharp operation to each image with a probability (flips, grayscale):
/// the draw and the check of the probability are written once, here.
/// </summary>
/// <param name="probability">Chance of applying the operation to each image, 0 to 1.</param>
/// <param name="operation">The ImageSharp operation.</param>
public abstract class ChanceTransform(double probability, Action<IImageProcessingContext> operation) : IImageTransform
{
    /// <summary>Chance of applying the operation to each image.</summary>
    public double Probability { get; } = Probabilities.Check(probability, nameof(probability));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (random.NextDouble() < Probability) image.Mutate(operation);
    }
}
