using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// A forward pass that keeps only the stem's output when the stem trains, and runs the stem again during the
/// backward pass to get its gradients (activation recomputation, torch.utils.checkpoint's idea, for one
/// segment). TorchSharp 0.107 has no checkpoint utility, so the backward pass is split by hand: the rest of
/// the network back-propagates into the detached stem output, then the recomputed stem back-propagates that
/// gradient. BatchNorm uses the same batch statistics both times, so the gradients are the plain pass's.
/// </summary>
internal static class StemRecompute
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="x"/>. Call the returned <c>Backward</c> with the loss
    /// instead of <c>loss.backward()</c>.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="x">The batch.</param>
    /// <param name="enabled">Recompute when the model supports it and its stem trains; otherwise an ordinary pass.</param>
    public static (Tensor Output, Action<Tensor> Backward) Forward(ZooModel model, Tensor x, bool enabled)
    {
        if (!enabled || model is not IRecomputableStem split || !split.StemParameters.Any(p => p.requires_grad))
            return (model.call(x), loss => loss.backward());

        Tensor stem;
        using (no_grad()) stem = split.Stem(x); // moves BatchNorm's running statistics, once
        stem.requires_grad_(true);
        var output = split.FromStem(stem);
        return (output, loss =>
        {
            loss.backward();
            using var scope = NewDisposeScope();
            // The second pass would move the running statistics again: put them back afterwards.
            var saved = split.StemNorms.Select(bn => (bn, Mean: bn.running_mean?.clone(), Var: bn.running_var?.clone(), Count: bn.num_batches_tracked?.clone())).ToList();
            var again = split.Stem(x);
            again.backward([stem.grad ?? zeros_like(again)]);
            using (no_grad())
                foreach (var (bn, mean, variance, count) in saved)
                {
                    if (mean is not null) bn.running_mean!.copy_(mean);
                    if (variance is not null) bn.running_var!.copy_(variance);
                    if (count is not null) bn.num_batches_tracked!.copy_(count);
                }
        });
    }
}
