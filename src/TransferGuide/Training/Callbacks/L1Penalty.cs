using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// The L1 penalty (<see cref="RegularizationOptions.L1"/>): the strength times the sum of |w| over the trainable weight
/// matrices and kernels (biases and normalisation scales are left alone), added to the loss before the backward pass.
/// </summary>
internal sealed class L1Penalty : LearnerCallback
{
    /// <inheritdoc />
    public override Tensor? Penalty(LoopContext loop)
    {
        double strength = loop.Options.Regularization.L1;
        if (strength <= 0) return null;
        Tensor? sum = null;
        foreach (var (name, p) in loop.Learner.Model.named_parameters())
            if (p.requires_grad && name.EndsWith("weight", StringComparison.Ordinal) && p.dim() > 1)
                sum = sum is null ? p.abs().sum() : sum + p.abs().sum();
        return sum is null ? null : sum * strength;
    }
}
