using TransferGuide.Augment;
using TransferGuide.Evaluation;
using TransferGuide.Training;

namespace TransferGuide.Evaluation.Ensembles;

/// <summary>
/// Test-time augmentation as an ensemble: the same model predicts several deterministic views of every image
/// (<see cref="TestTimeAugmentation.Views"/>) and the probabilities are averaged, one forward pass per view.
/// </summary>
public static class TtaEnsemble
{
    /// <summary>The learner's held-out predictions averaged over the views; also each view's own result.</summary>
    public static (ClassificationResult Averaged, IReadOnlyList<ClassificationResult> PerView) Evaluate(Learner learner, TtaViews views = TtaViews.Flip)
    {
        var perView = TestTimeAugmentation.Views(learner.Preprocessing, views).Select(learner.Evaluate).ToList();
        return (ProbabilityEnsemble.Combine(perView), perView);
    }
}
