using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// A network whose first layers can be run twice instead of keeping their activations for the backward pass.
/// For a ResNet at 224 px the stem's activations (full-resolution convolution output, ReLU output, max-pool
/// indices) are about 8 MB per image, a third of what a training step keeps, for about 6% of its forward work.
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
