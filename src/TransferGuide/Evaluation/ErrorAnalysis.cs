using System.Globalization;
using System.Text;
using TransferGuide.Core;
using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>One item the model got most wrong (or least sure right).</summary>
/// <param name="Index">Index in the result.</param>
/// <param name="Path">The image file.</param>
/// <param name="TrueClass">Its label.</param>
/// <param name="PredictedClass">What the model said.</param>
/// <param name="PredictedProbability">Probability of the predicted class.</param>
/// <param name="TrueProbability">Probability of the true class.</param>
/// <param name="Loss">Cross-entropy: −log(probability of the true class).</param>
public sealed record LossItem(int Index, string Path, string TrueClass, string PredictedClass, double PredictedProbability, double TrueProbability, double Loss);

/// <summary>A pair of classes the model mixes up.</summary>
/// <param name="TrueClass">The real class.</param>
/// <param name="PredictedClass">The class it was taken for.</param>
/// <param name="Count">How many times.</param>
/// <param name="FractionOfClass">Count divided by the true class's items.</param>
public sealed record ConfusedPair(string TrueClass, string PredictedClass, int Count, double FractionOfClass);

/// <summary>Where the model goes wrong: top losses, most-confused pairs, and the misclassified items as CSV.</summary>
public static class ErrorAnalysis
{
    /// <summary>The <paramref name="count"/> items with the highest loss, highest first (ties by index).</summary>
    public static IReadOnlyList<LossItem> TopLosses(ClassificationResult result, int count = 12) =>
        Enumerable.Range(0, result.Count)
            .OrderByDescending(result.Loss).ThenBy(i => i)
            .Take(count)
            .Select(i => Item(result, i))
            .ToList();

    /// <summary>Every misclassified item, highest loss first.</summary>
    public static IReadOnlyList<LossItem> Misclassified(ClassificationResult result) =>
        Enumerable.Range(0, result.Count).Where(i => !result.IsCorrect(i))
            .OrderByDescending(result.Loss).ThenBy(i => i)
            .Select(i => Item(result, i))
            .ToList();

    /// <summary>Off-diagonal cells of the confusion matrix with at least <paramref name="minCount"/> items, largest first.</summary>
    public static IReadOnlyList<ConfusedPair> MostConfused(ClassificationResult result, int minCount = 1)
    {
        var m = result.ConfusionMatrix();
        int n = result.Classes.Count;
        var pairs = new List<ConfusedPair>();
        for (int t = 0; t < n; t++)
        {
            int support = Enumerable.Range(0, n).Sum(p => m[t, p]);
            for (int p = 0; p < n; p++)
                if (p != t && m[t, p] >= minCount)
                    pairs.Add(new ConfusedPair(result.Classes[t], result.Classes[p], m[t, p], (double)m[t, p] / support));
        }
        return pairs.OrderByDescending(x => x.Count).ThenBy(x => x.TrueClass, StringComparer.Ordinal).ThenBy(x => x.PredictedClass, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The misclassified items as CSV: path, true and predicted class, their probabilities, the loss, then
    /// one probability column per class. Highest loss first.
    /// </summary>
    public static string MisclassifiedCsv(ClassificationResult result)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', new[] { "path", "true_class", "predicted_class", "true_probability", "predicted_probability", "loss" }
            .Concat(result.Classes.Select(c => "p_" + c)).Select(Csv)).Append('\n');
        foreach (var item in Misclassified(result))
        {
            var fields = new List<string> { item.Path, item.TrueClass, item.PredictedClass, F(item.TrueProbability), F(item.PredictedProbability), F(item.Loss) };
            fields.AddRange(Enumerable.Range(0, result.Classes.Count).Select(c => F(result.Probability(item.Index, c))));
            sb.AppendJoin(',', fields.Select(Csv)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="MisclassifiedCsv"/> to <paramref name="path"/> atomically.</summary>
    public static void ExportMisclassified(ClassificationResult result, string path) =>
        Core.AtomicFile.WriteText(path, MisclassifiedCsv(result));

    static LossItem Item(ClassificationResult r, int i) =>
        new(i, r.Paths[i], r.Classes[r.Labels[i]], r.Classes[r.Predicted[i]], r.Probability(i, r.Predicted[i]), r.Probability(i, r.Labels[i]), r.Loss(i));

    static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Quotes a field when it holds a comma, quote or line break (RFC 4180).</summary>
    internal static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
