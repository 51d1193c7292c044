using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Data;

/// <summary>
/// One image transform. Random transforms draw only from the <see cref="Random"/> they are given, so a
/// seeded pipeline gives the same images every run.
/// </summary>
public interface IImageTransform
{
    /// <summary>Transforms the image in place.</summary>
    void Apply(Image<Rgb24> image, Random random);
}

/// <summary>Applying a pipeline.</summary>
public static class ImageTransformPipeline
{
    /// <summary>Applies the transforms in order.</summary>
    public static void ApplyAll(this IReadOnlyList<IImageTransform> transforms, Image<Rgb24> image, Random random)
    {
        foreach (var t in transforms) t.Apply(image, random);
    }
}
