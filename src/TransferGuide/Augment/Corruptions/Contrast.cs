using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's contrast loss: each channel is pulled towards its own mean, <c>(x - mean) * c + mean</c>, with
/// c = 0.4, 0.3, 0.2, 0.1, 0.05 for severities 1 to 5. ImageSharp's <c>Contrast</c> pulls towards mid-gray instead
/// of the image's mean, so the same colour matrix is given to ImageSharp's <c>Filter</c> with the mean as the
/// centre. It draws nothing from the random source.
/// </summary>
public sealed record Contrast : IImageTransform
{
    /// <summary>The factor kept of each pixel's distance from the mean, for severities 1 to 5.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.4, 0.3, 0.2, 0.1, 0.05];

    /// <summary>A contrast loss at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public Contrast(int severity) => Severity = Corruptions.CheckSeverity(severity, "contrast");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>The factor at this severity.</summary>
    public double Factor => Levels[Severity - 1];

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        double r = 0, g = 0, b = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y)) { r += p.R; g += p.G; b += p.B; }
        });
        double n = 255.0 * image.Width * image.Height;
        float c = (float)Factor, keep = 1 - c;
        // Out = c * x + (1 - c) * mean, channel by channel (row vector times matrix, the last row the offsets).
        var matrix = new ColorMatrix(c, 0, 0, 0, 0, c, 0, 0, 0, 0, c, 0, 0, 0, 0, 1,
            keep * (float)(r / n), keep * (float)(g / n), keep * (float)(b / n), 0);
        image.Mutate(m => m.Filter(matrix));
    }
}
