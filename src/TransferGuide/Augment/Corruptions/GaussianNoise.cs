using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's Gaussian noise: every channel of every pixel gets an independent normal draw with standard deviation
/// <see cref="Sigma"/> (in 0..1 units: 0.08, 0.12, 0.18, 0.26, 0.38 for severities 1 to 5), clipped to 0..1. The
/// noise is per source pixel: an image much larger than 224 pixels loses some of it when resized for the model.
/// </summary>
public sealed record GaussianNoise : IImageTransform
{
    /// <summary>Standard deviation of the noise for severities 1 to 5, as a fraction of the full range.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.08, 0.12, 0.18, 0.26, 0.38];

    /// <summary>A Gaussian noise corruption at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public GaussianNoise(int severity) => Severity = Corruptions.CheckSeverity(severity, "gaussian_noise");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>The noise's standard deviation at this severity (0..1 units).</summary>
    public double Sigma => Levels[Severity - 1];

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        double scale = Sigma * 255;
        int width = image.Width;
        var noise = new double[width * 3];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                // Rows in order, channels in order: one stream of draws whatever the thread or the machine.
                for (int i = 0; i < noise.Length; i += 2)
                {
                    // Box-Muller: two independent standard normals from two uniforms.
                    double r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())), t = 2 * Math.PI * random.NextDouble();
                    noise[i] = r * Math.Cos(t) * scale;
                    if (i + 1 < noise.Length) noise[i + 1] = r * Math.Sin(t) * scale;
                }
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    ref var p = ref row[x];
                    p = new Rgb24(Clip(p.R + noise[3 * x]), Clip(p.G + noise[3 * x + 1]), Clip(p.B + noise[3 * x + 2]));
                }
            }
        });
    }

    static byte Clip(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
