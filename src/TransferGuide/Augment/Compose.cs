using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Several transforms in order, usable wherever one is (e.g. inside <see cref="RandomApply"/>).</summary>
public sealed class Compose(params IImageTransform[] steps) : IImageTransform
{
    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IImageTransform> Steps { get; } = steps;

    /// <inheritdoc />
    public void Apply(Image<Rgb24> image, Random random) => Steps.ApplyAll(image, random);
}
