using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Evaluation;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    /// <summary>
    /// Predictions on the held-out split with other eval transforms (one test-time-augmentation view).
    /// Items come in the same order as <see cref="Evaluate()"/>'s.
    /// </summary>
    public ClassificationResult Evaluate(IReadOnlyList<IImageTransform> transforms)
    {
        using var source = new ImageBatchSource(_valid.Items, transforms, Preprocessing, Report);
        var (probs, labels, paths, _) = Predict(source);
        return new ClassificationResult(Classes, labels, probs, paths);
    }
}
