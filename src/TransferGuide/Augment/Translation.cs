using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Shifts the content by up to <paramref name="maxFractionX"/> of the width and <paramref name="maxFractionY"/> of
/// the height in either direction (uniform draws), keeping the size; the uncovered strip is black.
/// </summary>
public sealed class Translation(double maxFractionX, double maxFractionY) : IImageTransform
{
    /// <summary>The same limit both ways.</summary>
    public Translation(double maxFraction) : this(maxFraction, maxFraction) { }

    /// <summary>Largest horizontal shift, as a fraction of the width.</summary>
    public double MaxFractionX { get; } = maxFractionX is >= 0 and <= 1 ? maxFractionX : throw new ArgumentOutOfRangeException(nameof(maxFractionX), "Use a fraction of the width between 0 and 1.");
    /// <summary>Largest vertical shift, as a fraction of the height.</summary>
    public double MaxFractionY { get; } = maxFractionY is >= 0 and <= 1 ? maxFractionY : throw new ArgumentOutOfRangeException(nameof(maxFractionY), "Use a fraction of the height between 0 and 1.");

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        // Whole pixels: a sub-pixel shift would blur the image for no benefit.
        double dx = Math.Round(random.Uniform(-MaxFractionX, MaxFractionX) * image.Width);
        double dy = Math.Round(random.Uniform(-MaxFractionY, MaxFractionY) * image.Height);
        AffineWarp.Apply(image, 0, 1, dx, dy);
    }
}
