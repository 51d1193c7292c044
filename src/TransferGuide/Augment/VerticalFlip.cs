using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>
/// Mirrors the image top-bottom with probability <paramref name="probability"/>. Useful where "up" carries no
/// meaning (microscopy, satellite, flowers seen from above); harmful for scenes with a sky.
/// </summary>
public sealed class VerticalFlip(double probability = 0.5) : ChanceTransform(probability, m => m.Flip(FlipMode.Vertical));
