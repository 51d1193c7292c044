using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// A network whose first layers can be run twice instead of keeping their activations for the backward pass.
/// For a ResNet18 at 224 px and batch 32, a training step then peaked 155 MB lower (1299 against 1454 MB) and
/// ran about 7-10% slower (<c>tg bench --train kit-keep-stem,kit-recompute-stem</c>): the full-resolution stem is cheap in
/// arithmetic but not in memory traffic. On a CPU the Learner does it by default (PerformanceOptions.RecomputeStem).
/// </summary>
public interface IRecomputableStem
{
    /// <summary>The stem's output: for a ResNet, conv1, bn1, ReLU and max-pool.</summary>
    Tensor Stem(Tensor x);

    /// <summary>The logits from the stem's output (every layer after the stem, and the head).</summary>
    Tensor FromStem(Tensor stem);

    /// <summary>The stem's parameters (recomputing only pays when they train).</summary>
    IEnumerable<Parameter> StemParameters { get; }

    /// <summary>The stem's BatchNorm layers, whose running statistics must move once per batch, not twice.</summary>
    IEnumerable<BatchNorm2d> StemNorms { get; }
}
