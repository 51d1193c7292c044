using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>
/// Rotates about the centre by an angle drawn uniformly from <paramref name="minDegrees"/>..<paramref name="maxDegrees"/>
/// (clockwise positive), keeping the size; corners the rotation uncovers are black.
/// <c>new Rotation(15)</c> draws from -15..15; <c>new Rotation(90, 90)</c> always turns a quarter.
/// </summary>
public sealed class Rotation(double minDegrees, double maxDegrees) : IImageTransform
{
    /// <summary>A symmetric range, -<paramref name="degrees"/>..<paramref name="degrees"/>.</summary>
    public Rotation(double degrees) : this(-Math.Abs(degrees), Math.Abs(degrees)) { }

    /// <summary>The angle range, degrees.</summary>
    public (double Min, double Max) Degrees { get; } = Probabilities.Range(minDegrees, maxDegrees, nameof(minDegrees));

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random) =>
        AffineWarp.Apply(image, random.Uniform(Degrees.Min, Degrees.Max), 1, 0, 0);
}
