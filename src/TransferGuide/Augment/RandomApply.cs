using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Applies <paramref name="inner"/> with probability <paramref name="probability"/>, otherwise leaves the image alone.</summary>
public sealed class RandomApply(IImageTransform inner, double probability) : IImageTransform
{
    /// <summary>The wrapped transform.</summary>
    public IImageTransform Inner { get; } = inner;
    /// <summary>Chance of applying it.</summary>
    public double Probability { get; } = Probabilities.Check(probability, nameof(probability));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (random.NextDouble() < Probability) Inner.Apply(image, random);
    }
}
