using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>
/// Turns the image gray (BT.709 luminance in all three channels, so the model still gets three) with
/// probability <paramref name="probability"/>; 1 always, as a fixed step for gray-only data.
/// </summary>
public sealed class Grayscale(double probability = 0.1) : ChanceTransform(probability, m => m.Grayscale());
