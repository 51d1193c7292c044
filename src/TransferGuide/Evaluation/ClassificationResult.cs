namespace TransferGuide.Evaluation;

/// <summary>Predictions on a labelled split, and the metrics that follow from them.</summary>
/// <param name="Classes">Class names.</param>
/// <param name="Labels">True class of each item.</param>
/// <param name="Probabilities">Row-major <c>items × classes</c> probabilities.</param>
/// <param name="Paths">Each item's file.</param>
public sealed record ClassificationResult(IReadOnlyList<string> Classes, int[] Labels, float[] Probabilities, string[] Paths)
{
    /// <summary>Number of items.</summary>
    public int Count => Labels.Length;

    /// <summary>Predicted class (arg-max; the lower index wins a tie) of each item.</summary>
    public int[] Predicted { get; } = ArgMax(Probabilities, Classes.Count);

    /// <summary>Fraction of items whose prediction equals the label.</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Labels.Where((l, i) => Predicted[i] == l).Count() / Count;

    /// <summary>Counts[true, predicted].</summary>
    public int[,] ConfusionMatrix()
    {
        var m = new int[Classes.Count, Classes.Count];
        for (int i = 0; i < Count; i++) m[Labels[i], Predicted[i]]++;
        return m;
    }

    /// <summary>Recall of each class (null for a class with no items).</summary>
    public double?[] PerClassAccuracy()
    {
        var m = ConfusionMatrix();
        return Enumerable.Range(0, Classes.Count).Select(c =>
        {
            int total = Enumerable.Range(0, Classes.Count).Sum(p => m[c, p]);
            return total == 0 ? (double?)null : (double)m[c, c] / total;
        }).ToArray();
    }

    static int[] ArgMax(float[] probabilities, int classes)
    {
        if (classes <= 0) return [];
        var result = new int[probabilities.Length / classes];
        for (int i = 0; i < result.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
            result[i] = best;
        }
        return result;
    }
}
