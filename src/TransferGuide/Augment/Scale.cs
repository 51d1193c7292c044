using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Zooms about the centre by a factor drawn uniformly from <paramref name="min"/>..<paramref name="max"/>, keeping
/// the size: above 1 crops into the content, below 1 shrinks it inside a black border.
/// </summary>
public sealed class Scale(double min = 0.9, double max = 1.1) : IImageTransform
{
    /// <summary>The zoom range.</summary>
    public (double Min, double Max) Factor { get; } =
        min > 0 ? Probabilities.Range(min, max, nameof(min)) : throw new ArgumentOutOfRangeException(nameof(min), "A zoom factor must be above 0.");

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random) =>
        AffineWarp.Apply(image, 0, random.Uniform(Factor.Min, Factor.Max), 0, 0);
}
