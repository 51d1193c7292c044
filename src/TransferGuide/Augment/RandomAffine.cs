using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Rotation, shift and zoom in one resampling (each drawn as in <see cref="Rotation"/>, <see cref="Translation"/>
/// and <see cref="Scale"/>): one warp blurs less than three in a row.
/// </summary>
/// <param name="Degrees">Largest rotation either way.</param>
/// <param name="MaxShift">Largest shift either way, as a fraction of each side.</param>
/// <param name="MinScale">Smallest zoom.</param>
/// <param name="MaxScale">Largest zoom.</param>
public sealed record RandomAffine(double Degrees = 10, double MaxShift = 0.1, double MinScale = 0.9, double MaxScale = 1.1) : IImageTransform
{
    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random)
    {
        Probabilities.Range(MinScale, MaxScale, nameof(MinScale));
        double angle = random.Uniform(-Degrees, Degrees);
        double dx = Math.Round(random.Uniform(-MaxShift, MaxShift) * image.Width);
        double dy = Math.Round(random.Uniform(-MaxShift, MaxShift) * image.Height);
        double scale = random.Uniform(MinScale, MaxScale);
        AffineWarp.Apply(image, angle, scale, dx, dy);
    }
}
