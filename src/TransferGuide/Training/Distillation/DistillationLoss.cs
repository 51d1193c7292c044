using TorchSharp;

using static TorchSharp.torch;

namespace TransferGuide.Training.Distillation;

/// <summary>
/// Hinton et al.'s knowledge-distillation loss: <c>alpha · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − alpha) · CE(s, y)</c>.
/// The T² keeps the soft term's gradients at the same scale whatever the temperature.
/// </summary>
/// <param name="Alpha">Weight of the soft (teacher) term, 0..1; 0 is plain cross-entropy.</param>
/// <param name="Temperature">Softens both distributions; 1 is the plain softmax, 2–5 is usual.</param>
public sealed record DistillationLoss(double Alpha = 0.7, double Temperature = 4.0)
{
    /// <summary>The loss summed over the batch (divide by the batch size for the mean).</summary>
    public Tensor Sum(Tensor studentLogits, Tensor teacherLogits, Tensor labels)
    {
        if (Alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "alpha is a weight between 0 and 1.");
        if (Temperature <= 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be positive.");
        using var scope = NewDisposeScope();
        double t = Temperature;
        var logStudent = nn.functional.log_softmax(studentLogits / t, 1);
        var logTeacher = nn.functional.log_softmax(teacherLogits.detach() / t, 1);
        // KL(p_t || p_s) = Σ p_t (log p_t − log p_s), per item, summed over the batch.
        var kl = (logTeacher.exp() * (logTeacher - logStudent)).sum();
        var hard = nn.functional.cross_entropy(studentLogits, labels, reduction: nn.Reduction.Sum);
        return scope.MoveToOuter(kl * (Alpha * t * t) + hard * (1 - Alpha));
    }

    /// <summary>The loss averaged over the batch.</summary>
    public Tensor Mean(Tensor studentLogits, Tensor teacherLogits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Sum(studentLogits, teacherLogits, labels) / studentLogits.shape[0]);
    }
}
