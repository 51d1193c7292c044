using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>
/// A precision-recall curve of one class against the rest, and its average precision
/// <c>AP = Σ (Rₙ − Rₙ₋₁) Pₙ</c> over the distinct thresholds (scikit-learn's definition: no interpolation).
/// </summary>
/// <param name="Class">The positive class.</param>
/// <param name="Recall">Recall at each threshold, rising; the first point is recall 0 at precision 1.</param>
/// <param name="Precision">Precision at each threshold.</param>
/// <param name="Thresholds">Score at each point (+∞ for the first).</param>
/// <param name="AveragePrecision">Null when the class has no items.</param>
/// <param name="Prevalence">Fraction of items that are positive: the precision of guessing, the chart's baseline.</param>
public sealed record PrecisionRecallCurve(string Class, double[] Recall, double[] Precision, double[] Thresholds, double? AveragePrecision, double Prevalence)
{
    /// <summary>The curve of <paramref name="positive"/> against the rest, scored by its predicted probability.</summary>
    public static PrecisionRecallCurve OneVsRest(ClassificationResult result, int positive)
    {
        var scores = Enumerable.Range(0, result.Count).Select(i => (double)result.Probability(i, positive)).ToArray();
        return Compute(result.Classes[positive], scores, result.Labels.Select(l => l == positive).ToArray());
    }

    /// <summary>The curve for raw scores and positive flags.</summary>
    public static PrecisionRecallCurve Compute(string name, IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        var points = ScoreSweep.Sweep(scores, isPositive);
        int p = isPositive.Count(x => x);
        var recall = points.Select(s => p == 0 ? 0 : (double)s.TruePositives / p).ToArray();
        var precision = points.Select(s => s.TruePositives + s.FalsePositives == 0 ? 1 : (double)s.TruePositives / (s.TruePositives + s.FalsePositives)).ToArray();
        double? ap = null;
        if (p > 0)
        {
            double sum = 0;
            for (int i = 1; i < recall.Length; i++) sum += (recall[i] - recall[i - 1]) * precision[i];
            ap = sum;
        }
        return new PrecisionRecallCurve(name, recall, precision, points.Select(s => s.Threshold).ToArray(), ap,
            isPositive.Count == 0 ? 0 : (double)p / isPositive.Count);
    }

    /// <summary>One curve per class, one against the rest.</summary>
    public static IReadOnlyList<PrecisionRecallCurve> PerClass(ClassificationResult result) =>
        Enumerable.Range(0, result.Classes.Count).Select(c => OneVsRest(result, c)).ToList();

    /// <summary>Mean average precision over the classes that have items (for two classes, the AP of the second class).</summary>
    public static double? MacroAveragePrecision(ClassificationResult result) =>
        ClassAverages.Macro(result.Classes.Count, c => OneVsRest(result, c).AveragePrecision);
}
