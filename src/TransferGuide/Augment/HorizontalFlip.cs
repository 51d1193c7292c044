using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>Mirrors the image left-right with probability <paramref name="probability"/>.</summary>
public sealed class HorizontalFlip(double probability = 0.5) : ChanceTransform(probability, m => m.Flip(FlipMode.Horizontal));
