using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// ImageNet-C's fog: a plasma fractal (diamond-square, drawn from the given random source) is added to every channel,
/// <c>x + c0 * plasma</c>, and the result rescaled by <c>max / (max + c0)</c> so the brightest pixel stays as
/// bright, with (c0, decay) = (1.5, 2), (2, 2), (2.5, 1.7), (2.5, 1.5), (3, 1.4) for severities 1 to 5: thicker fog,
/// and with a smaller decay, finer wisps. The fractal is drawn as for a 224-pixel image (a 256-pixel map) and
/// stretched over the image, so the fog's texture has the same scale at any size; a long image gets a larger map.
/// </summary>
public sealed record Fog : IImageTransform
{
    /// <summary>(thickness c0, wibble decay) for severities 1 to 5.</summary>
    public static IReadOnlyList<(double Thickness, double Decay)> Levels { get; } = [(1.5, 2), (2.0, 2), (2.5, 1.7), (2.5, 1.5), (3.0, 1.4)];

    /// <summary>Fog at <paramref name="severity"/> (1 to 5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1 to 5.</exception>
    public Fog(int severity) => Severity = Corruptions.CheckSeverity(severity, "fog");

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        var (thickness, decay) = Levels[Severity - 1];
        int width = image.Width, height = image.Height;
        // The image in ImageNet-C's units: its shorter side is 224 map pixels.
        double perPixel = Corruptions.ReferenceSide / (double)Math.Min(width, height);
        int mapSize = PlasmaFractal.ReferenceSize;
        while (mapSize < Math.Max(width, height) * perPixel + 1) mapSize *= 2;
        var plasma = PlasmaFractal.Generate(mapSize, decay, random);

        byte max = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y)) max = Math.Max(max, Math.Max(p.R, Math.Max(p.G, p.B)));
        });
        double maxValue = max / 255.0, rescale = maxValue / (maxValue + thickness);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                double my = (y + 0.5) * perPixel - 0.5;
                for (int x = 0; x < width; x++)
                {
                    double fog = thickness * Bilinear(plasma, (x + 0.5) * perPixel - 0.5, my) * 255;
                    ref var p = ref row[x];
                    p = new Rgb24(Clip((p.R + fog) * rescale), Clip((p.G + fog) * rescale), Clip((p.B + fog) * rescale));
                }
            }
        });
    }

    /// <summary>The map at a fractional position, interpolated between its four nearest cells (edges clamped).</summary>
    static double Bilinear(double[,] map, double x, double y)
    {
        int last = map.GetLength(0) - 1;
        x = Math.Clamp(x, 0, last); y = Math.Clamp(y, 0, last);
        int x0 = (int)x, y0 = (int)y, x1 = Math.Min(x0 + 1, last), y1 = Math.Min(y0 + 1, last);
        double fx = x - x0, fy = y - y0;
        return (map[y0, x0] * (1 - fx) + map[y0, x1] * fx) * (1 - fy) + (map[y1, x0] * (1 - fx) + map[y1, x1] * fx) * fy;
    }

    static byte Clip(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
