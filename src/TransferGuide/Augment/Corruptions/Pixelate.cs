using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's pixelation: the image is shrunk to 0.6, 0.5, 0.4, 0.3 or 0.25 of its size for severities 1 to 5
/// with ImageSharp's box filter (each small pixel the mean of the ones it covers) and enlarged back with nearest
/// neighbour, so each small pixel becomes a visible block. A fraction of the size, it looks the same at any size.
/// It draws nothing from the random source.
/// </summary>
public sealed record Pixelate : IImageTransform
{
    /// <summary>The fraction of each side kept, for severities 1 to 5.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.6, 0.5, 0.4, 0.3, 0.25];

    /// <summary>A pixelation at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public Pixelate(int severity) => Severity = Corruptions.CheckSeverity(severity, "pixelate");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>The fraction of each side kept at this severity.</summary>
    public double Fraction => Levels[Severity - 1];

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        int width = image.Width, height = image.Height;
        int small = Math.Max(1, (int)(width * Fraction)), smallHeight = Math.Max(1, (int)(height * Fraction));
        image.Mutate(m => m
            .Resize(small, smallHeight, KnownResamplers.Box)
            .Resize(width, height, KnownResamplers.NearestNeighbor));
    }
}
