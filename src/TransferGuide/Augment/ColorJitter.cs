using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// torchvision's ColorJitter: brightness, contrast and saturation factors drawn from
/// <c>max(0, 1 - x)..1 + x</c>, and a hue turn of up to <see cref="Hue"/> of the colour wheel either way
/// (0..0.5), applied in a random order. Each is ImageSharp's own filter.
/// </summary>
/// <param name="Brightness">0 keeps brightness; 0.2 draws a factor in 0.8..1.2.</param>
/// <param name="Contrast">0 keeps contrast.</param>
/// <param name="Saturation">0 keeps saturation; 1 may turn the image gray.</param>
/// <param name="Hue">0 keeps hue; 0.5 may turn it half-way round.</param>
public sealed record ColorJitter(double Brightness = 0.2, double Contrast = 0.2, double Saturation = 0.2, double Hue = 0.02) : IImageTransform
{
    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        if (Brightness < 0 || Contrast < 0 || Saturation < 0 || Hue is < 0 or > 0.5)
            throw new ArgumentOutOfRangeException(nameof(ColorJitter), this, "Jitter amounts must be at least 0, and Hue at most 0.5.");
        var order = new[] { 0, 1, 2, 3 };
        random.Shuffle(order);
        // Draw every factor whether used or not, so one setting never shifts the random stream of another.
        float b = (float)random.Uniform(Math.Max(0, 1 - Brightness), 1 + Brightness);
        float c = (float)random.Uniform(Math.Max(0, 1 - Contrast), 1 + Contrast);
        float s = (float)random.Uniform(Math.Max(0, 1 - Saturation), 1 + Saturation);
        float h = (float)(random.Uniform(-Hue, Hue) * 360);
        image.Mutate(m =>
        {
            foreach (int op in order)
                switch (op)
                {
                    case 0 when b != 1: m.Brightness(b); break;
                    case 1 when c != 1: m.Contrast(c); break;
                    case 2 when s != 1: m.Saturate(s); break;
                    case 3 when h != 0: m.Hue(h); break;
                }
        });
    }
}
