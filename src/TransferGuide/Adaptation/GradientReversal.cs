using static TorchSharp.torch;

namespace TransferGuide.Adaptation;

/// <summary>
/// The gradient-reversal layer of DANN (Ganin and Lempitsky 2015): the identity going forward, and going backward
/// the gradient multiplied by <c>-lambda</c>. The domain classifier behind it learns to tell the domains apart while
/// the features before it learn to make that impossible.
/// </summary>
public static class GradientReversal
{
    /// <summary>
    /// <paramref name="x"/> unchanged in value; its gradient comes back reversed and scaled by <paramref name="lambda"/>.
    /// </summary>
    /// <remarks>
    /// <c>x.detach() + (x - x.detach()) * -lambda</c>: the second term is zero in value (so the output is x), but its
    /// derivative with respect to x is <c>-lambda</c>, and the detached first term carries no gradient at all. No
    /// custom autograd function is needed.
    /// </remarks>
    public static Tensor Apply(Tensor x, double lambda)
    {
        using var scope = NewDisposeScope();
        var fixedPart = x.detach();
        return scope.MoveToOuter(fixedPart + (x - fixedPart) * (-lambda));
    }

    /// <summary>
    /// DANN's schedule for the reversal weight: <c>2 / (1 + exp(-gamma·p)) - 1</c>, rising from 0 at the start of
    /// training (<paramref name="progress"/> 0) towards 1 at the end, so the noisy early domain signal does not
    /// disturb the label classifier.
    /// </summary>
    /// <param name="progress">Fraction of training done, 0 to 1.</param>
    /// <param name="gamma">Steepness; the paper's 10.</param>
    public static double Ramp(double progress, double gamma = 10) => 2.0 / (1.0 + Math.Exp(-gamma * progress)) - 1.0;
}
