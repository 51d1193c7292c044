using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>One class's row of a classification report.</summary>
/// <param name="Class">Class name.</param>
/// <param name="Precision">Of the items predicted as this class, the fraction that are (0 when nothing was predicted as it).</param>
/// <param name="Recall">Of the items of this class, the fraction found (0 when the class has no items).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">Items whose true class this is.</param>
/// <param name="PredictedCount">Items predicted as this class.</param>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, int Support, int PredictedCount);

/// <summary>
/// Accuracy, balanced accuracy, per-class precision, recall and F1, and their macro and weighted averages,
/// as scikit-learn's <c>classification_report</c> computes them (with <c>zero_division=0</c>).
/// </summary>
/// <param name="PerClass">One row per class, in class order.</param>
/// <param name="Count">Items evaluated.</param>
/// <param name="Accuracy">Fraction predicted correctly.</param>
/// <param name="BalancedAccuracy">Mean recall over the classes that have items, so every class counts the same however rare.</param>
/// <param name="MacroPrecision">Unweighted mean precision over the classes that occur (as a label or a prediction).</param>
/// <param name="MacroRecall">Unweighted mean recall over the classes that occur.</param>
/// <param name="MacroF1">Unweighted mean F1 over the classes that occur.</param>
/// <param name="WeightedPrecision">Precision averaged with each class weighted by its support.</param>
/// <param name="WeightedRecall">Recall averaged by support (equals accuracy).</param>
/// <param name="WeightedF1">F1 averaged by support.</param>
public sealed record ClassificationReport(
    IReadOnlyList<ClassMetrics> PerClass, int Count, double Accuracy, double BalancedAccuracy,
    double MacroPrecision, double MacroRecall, double MacroF1,
    double WeightedPrecision, double WeightedRecall, double WeightedF1)
{
    /// <summary>Computes the report of <paramref name="result"/>.</summary>
    public static ClassificationReport From(ClassificationResult result) =>
        FromConfusion(result.ConfusionMatrix(), result.Classes);

    /// <summary>Computes the report from counts[true, predicted].</summary>
    public static ClassificationReport FromConfusion(int[,] counts, IReadOnlyList<string> classes)
    {
        int n = classes.Count;
        var rows = new List<ClassMetrics>(n);
        int total = 0, correct = 0;
        for (int c = 0; c < n; c++)
        {
            int support = 0, predicted = 0;
            for (int k = 0; k < n; k++) { support += counts[c, k]; predicted += counts[k, c]; }
            int tp = counts[c, c];
            double precision = predicted == 0 ? 0 : (double)tp / predicted;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows.Add(new ClassMetrics(classes[c], precision, recall, f1, support, predicted));
            total += support; correct += tp;
        }
        // Classes that never occur, as label or prediction, say nothing about this model: leave them out of macro means.
        var occurring = rows.Where(r => r.Support > 0 || r.PredictedCount > 0).ToList();
        var withItems = rows.Where(r => r.Support > 0).ToList();
        double Macro(Func<ClassMetrics, double> f) => occurring.Count == 0 ? 0 : occurring.Average(f);
        double Weighted(Func<ClassMetrics, double> f) => total == 0 ? 0 : rows.Sum(r => f(r) * r.Support) / total;
        return new ClassificationReport(rows, total, total == 0 ? 0 : (double)correct / total,
            withItems.Count == 0 ? 0 : withItems.Average(r => r.Recall),
            Macro(r => r.Precision), Macro(r => r.Recall), Macro(r => r.F1),
            Weighted(r => r.Precision), Weighted(r => r.Recall), Weighted(r => r.F1));
    }
}
