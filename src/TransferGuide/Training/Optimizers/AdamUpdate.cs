using TorchSharp.Modules;
using TransferGuide.Core.Native;
using static TorchSharp.torch;

namespace TransferGuide.Training.Optimizers;

/// <summary>
/// One Adam or AdamW update of one parameter, in the operations and order of TorchSharp 0.107's own step (the tests
/// check the two agree bit for bit), with every number passed as a scalar held in a <see cref="StepScalars"/>.
/// </summary>
internal static class AdamUpdate
{
    /// <summary>
    /// Updates <c>p</c> in place and advances <c>step</c>. <c>decoupled</c>: AdamW, which decays the weights directly;
    /// otherwise Adam, which adds the decay to the gradient.
    /// </summary>
    public static void Apply(Parameter p, Tensor grad, ref long step, Tensor expAvg, Tensor expAvgSq, ref Tensor? maxExpAvgSq,
        double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize, bool decoupled, StepScalars s)
    {
        if (maximize) grad = -grad;
        step++;
        if (decoupled) p.mul_(s.Of(1.0 - lr * weightDecay));
        double correction1 = 1.0 - Math.Pow(beta1, step);
        double correction2 = 1.0 - Math.Pow(beta2, step);
        if (!decoupled && weightDecay != 0.0) grad = grad.add(p, s.Of(weightDecay));
        expAvg.mul_(s.Of(beta1)).add_(grad, s.Of(1.0 - beta1));
        expAvgSq.mul_(s.Of(beta2)).addcmul_(grad, grad, s.Of(1.0 - beta2));
        Tensor second = expAvgSq;
        if (amsgrad)
        {
            // The running maximum outlives this step's dispose scope, like TorchSharp's.
            var previous = maxExpAvgSq!;
            maxExpAvgSq = maximum(previous, expAvgSq).DetachFromDisposeScope();
            previous.Dispose();
            second = maxExpAvgSq;
        }
        // add_(Scalar) alone would make its alpha of 1 as one more unkept scalar.
        var denominator = second.sqrt().div(s.Of(Math.Sqrt(correction2))).add_(s.Of(eps), KeptScalars.One);
        p.addcdiv_(expAvg, denominator, s.Of(-(lr / correction1)));
    }
}
