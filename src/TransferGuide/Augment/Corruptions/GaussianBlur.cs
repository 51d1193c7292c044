using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's Gaussian blur: ImageSharp's <c>GaussianBlur</c> with sigma 1, 2, 3, 4 or 6 pixels of a 224-pixel
/// image for severities 1 to 5, scaled to the image's shorter side (sigma 2 on 224 pixels is sigma 4 on 448), but
/// never below half of it: a sigma well under a pixel changes nothing, and ImageNet-C's own 64-pixel set (Tiny
/// ImageNet-C) blurs more than a linear scaling would too (sigma 0.5 to 1.5). It draws nothing from the random source.
/// </summary>
public sealed record GaussianBlur : IImageTransform
{
    /// <summary>Sigma in pixels of a 224-pixel image, for severities 1 to 5.</summary>
    public static IReadOnlyList<double> Levels { get; } = [1, 2, 3, 4, 6];

    /// <summary>A blur at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public GaussianBlur(int severity) => Severity = Corruptions.CheckSeverity(severity, "gaussian_blur");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>The blur's sigma in pixels for an image whose shorter side is <paramref name="shorterSide"/>.</summary>
    public double SigmaFor(int shorterSide) => Levels[Severity - 1] * Math.Max(MinScale, shorterSide / (double)Corruptions.ReferenceSide);

    /// <summary>The smallest scale of the sigma: an image under 112 pixels is blurred as one of 112.</summary>
    public const double MinScale = 0.5;

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        float sigma = (float)SigmaFor(Math.Min(image.Width, image.Height));
        image.Mutate(m => m.GaussianBlur(sigma));
    }
}
