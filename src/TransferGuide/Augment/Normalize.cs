using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Augment;

/// <summary>
/// The last step of every pipeline: the normalisation the pretrained weights were trained with, from the
/// model's <see cref="Preprocessing"/>. For the kit's ImageNet ResNet18 that is BGR order, 0..255, minus the
/// per-channel means (not torchvision's 0..1 mean/std, which ruins these weights' features).
/// </summary>
public sealed class Normalize(Preprocessing preprocessing)
{
    /// <summary>Channel order, scale, means and standard deviations.</summary>
    public Preprocessing Preprocessing { get; } = preprocessing;

    /// <summary>Channels-first floats, <c>3 × H × W</c>.</summary>
    public float[] Apply(Image<Rgb24> image)
    {
        var chw = new float[3 * image.Width * image.Height];
        PixelTensor.WriteChw(image, Preprocessing, chw);
        return chw;
    }

    /// <summary>Writes into a slice of a batch buffer instead of allocating.</summary>
    public void Apply(Image<Rgb24> image, Span<float> destination) => PixelTensor.WriteChw(image, Preprocessing, destination);

    /// <summary>The inverse, back to a viewable image (values are rounded and clamped to 0..255): for galleries of MixUp and CutMix.</summary>
    public Image<Rgb24> Invert(ReadOnlySpan<float> chw, int width, int height) => PixelTensor.ToImage(chw, width, height, Preprocessing);

    /// <summary>The smallest and largest value a pixel channel can take after normalising, per tensor channel.</summary>
    public (float Min, float Max)[] Bounds() =>
        Enumerable.Range(0, 3).Select(c =>
        {
            float a = (0 * Preprocessing.Scale - Preprocessing.Mean[c]) / Preprocessing.Std[c];
            float b = (255 * Preprocessing.Scale - Preprocessing.Mean[c]) / Preprocessing.Std[c];
            return (Math.Min(a, b), Math.Max(a, b));
        }).ToArray();
}
