using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's JPEG compression: the image is encoded with ImageSharp's JPEG encoder at quality 25, 18, 15, 10 or 7
/// for severities 1 to 5 and decoded again, keeping the blocks, ringing and colour bleeding. It draws nothing from
/// the random source.
/// </summary>
public sealed record JpegCompression : IImageTransform
{
    /// <summary>JPEG quality (1..100) for severities 1 to 5.</summary>
    public static IReadOnlyList<int> Levels { get; } = [25, 18, 15, 10, 7];

    /// <summary>JPEG compression at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public JpegCompression(int severity) => Severity = Corruptions.CheckSeverity(severity, "jpeg");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>The JPEG quality at this severity.</summary>
    public int Quality => Levels[Severity - 1];

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        using var encoded = new MemoryStream();
        image.SaveAsJpeg(encoded, new JpegEncoder { Quality = Quality });
        encoded.Position = 0;
        using var decoded = Image.Load<Rgb24>(encoded);
        // In place: the caller's image takes the decoded pixels, row by row.
        decoded.ProcessPixelRows(image, (from, to) =>
        {
            for (int y = 0; y < from.Height; y++) from.GetRowSpan(y).CopyTo(to.GetRowSpan(y));
        });
    }
}
