using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>
/// A receiver operating characteristic curve of one class against the rest: false-positive rate against
/// true-positive rate as the threshold falls through every distinct score. Equal scores move together, so a
/// tie between a positive and a negative draws a diagonal step and earns half credit in the area.
/// </summary>
/// <param name="Class">The positive class.</param>
/// <param name="FalsePositiveRate">From 0 to 1.</param>
/// <param name="TruePositiveRate">From 0 to 1.</param>
/// <param name="Thresholds">Score at each point (the first point, above every score, is +∞).</param>
/// <param name="Auc">Area under the curve (trapezoids); null when there are no positives or no negatives.</param>
public sealed record RocCurve(string Class, double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds, double? Auc)
{
    /// <summary>The curve of <paramref name="positive"/> against the rest, scored by its predicted probability.</summary>
    public static RocCurve OneVsRest(ClassificationResult result, int positive)
    {
        var scores = Enumerable.Range(0, result.Count).Select(i => (double)result.Probability(i, positive)).ToArray();
        var isPositive = result.Labels.Select(l => l == positive).ToArray();
        return Compute(result.Classes[positive], scores, isPositive);
    }

    /// <summary>The curve for raw scores and positive flags.</summary>
    public static RocCurve Compute(string name, IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        var points = ScoreSweep.Sweep(scores, isPositive);
        int p = isPositive.Count(x => x), n = isPositive.Count - p;
        var fpr = points.Select(s => n == 0 ? 0 : (double)s.FalsePositives / n).ToArray();
        var tpr = points.Select(s => p == 0 ? 0 : (double)s.TruePositives / p).ToArray();
        double? auc = null;
        if (p > 0 && n > 0)
        {
            double area = 0;
            for (int i = 1; i < fpr.Length; i++) area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
            auc = area;
        }
        return new RocCurve(name, fpr, tpr, points.Select(s => s.Threshold).ToArray(), auc);
    }

    /// <summary>One curve per class, one against the rest.</summary>
    public static IReadOnlyList<RocCurve> PerClass(ClassificationResult result) =>
        Enumerable.Range(0, result.Classes.Count).Select(c => OneVsRest(result, c)).ToList();

    /// <summary>
    /// The headline AUC: for two classes, the AUC of the second class against the first; for more, the
    /// unweighted mean of the one-vs-rest AUCs that are defined. Null when none is.
    /// </summary>
    public static double? MacroAuc(ClassificationResult result) =>
        ClassAverages.Macro(result.Classes.Count, c => OneVsRest(result, c).Auc);
}

/// <summary>Cumulative counts as a threshold falls through the distinct scores, shared by ROC and PR curves.</summary>
internal static class ScoreSweep
{
    public readonly record struct Point(double Threshold, int TruePositives, int FalsePositives);

    /// <summary>The starting point (+∞, 0, 0), then one point per distinct score, highest first.</summary>
    public static List<Point> Sweep(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        if (scores.Count != isPositive.Count) throw new ArgumentException($"{scores.Count} scores but {isPositive.Count} labels.");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<Point> { new(double.PositiveInfinity, 0, 0) };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (isPositive[order[k]]) tp++; else fp++;
            // Only after the last of a run of equal scores: a threshold cannot split a tie.
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]])
                points.Add(new Point(scores[order[k]], tp, fp));
        }
        return points;
    }
}
