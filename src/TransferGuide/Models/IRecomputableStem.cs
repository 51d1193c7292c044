using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// A network whose first layers can be run twice instead of keeping their activations for the backward pass.
/// For a ResNet18 at 224 px and batch 32, recomputing the stem made a training step peak 155 MB lower (1299 against
/// 1454 MB) and run about 10% slower (<c>tg bench --train kit,kit-recompute-stem</c>); docs/performance.md has the
/// figures for the stem and layer1 together.
/// </summary>
public interface IRecomputableStem
{
    /// <summary>
    /// The output of the segment that is recomputed: for a ResNet, conv1, bn1, ReLU and max-pool, and then layer1
    /// when <paramref name="throughLayer1"/>.
    /// </summary>
    Tensor Stem(Tensor x, bool throughLayer1 = false);

    /// <summary>The logits from the segment's output (every layer after it, and the head).</summary>
    Tensor FromStem(Tensor stem, bool throughLayer1 = false);

    /// <summary>The segment's parameters (recomputing only pays when some of them train).</summary>
    IEnumerable<Parameter> StemParameters(bool throughLayer1 = false);

    /// <summary>The segment's BatchNorm layers, whose running statistics must move once per batch, not twice.</summary>
    IEnumerable<BatchNorm2d> StemNorms(bool throughLayer1 = false);
}
