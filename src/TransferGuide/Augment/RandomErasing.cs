using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Random erasing (Zhong et al. 2017, as torchvision's RandomErasing): with probability <see cref="Probability"/>,
/// fills a rectangle covering <see cref="MinArea"/>..<see cref="MaxArea"/> of the image, aspect ratio
/// <see cref="MinRatio"/>..<see cref="MaxRatio"/>, with random noise (default) or one colour. It teaches the
/// model not to lean on any single part of the object. Run it last, after crops.
/// </summary>
/// <param name="Probability">Chance of erasing a patch.</param>
/// <param name="MinArea">Smallest share of the area erased.</param>
/// <param name="MaxArea">Largest share of the area erased.</param>
/// <param name="MinRatio">Smallest width/height ratio of the patch.</param>
/// <param name="MaxRatio">Largest width/height ratio.</param>
/// <param name="Fill">The colour to fill with; null fills with uniform noise.</param>
public sealed record RandomErasing(double Probability = 0.5, double MinArea = 0.02, double MaxArea = 0.33,
    double MinRatio = 0.3, double MaxRatio = 3.3, Rgb24? Fill = null) : IImageTransform
{
    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        Probabilities.Check(Probability, nameof(Probability));
        Probabilities.Range(MinArea, MaxArea, nameof(MinArea));
        if (random.NextDouble() >= Probability) return;
        int w = image.Width, h = image.Height;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double area = w * h * random.Uniform(MinArea, MaxArea);
            double ratio = Math.Exp(random.Uniform(Math.Log(MinRatio), Math.Log(MaxRatio)));
            int ew = (int)Math.Round(Math.Sqrt(area * ratio)), eh = (int)Math.Round(Math.Sqrt(area / ratio));
            if (ew < 1 || eh < 1 || ew >= w || eh >= h) continue;
            int x0 = random.Next(0, w - ew + 1), y0 = random.Next(0, h - eh + 1);
            var noise = Fill is null ? new byte[ew * eh * 3] : null;
            if (noise != null) random.NextBytes(noise);
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < eh; y++)
                {
                    var row = rows.GetRowSpan(y0 + y).Slice(x0, ew);
                    for (int x = 0; x < ew; x++)
                        row[x] = noise is null ? Fill!.Value : new Rgb24(noise[3 * (y * ew + x)], noise[3 * (y * ew + x) + 1], noise[3 * (y * ew + x) + 2]);
                }
            });
            return;
        }
    }
}
