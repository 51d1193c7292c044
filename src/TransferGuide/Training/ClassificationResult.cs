namespace TransferGuide.Training;

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

    /// <summary>Probability the model gave class <paramref name="c"/> for item <paramref name="i"/>.</summary>
    public float Probability(int i, int c) => Probabilities[i * Classes.Count + c];

    /// <summary>Cross-entropy of item <paramref name="i"/>: minus the log of the probability of its true class.</summary>
    public double Loss(int i) => -Math.Log(Math.Max(Probability(i, Labels[i]), 1e-12));

    /// <summary>Whether item <paramref name="i"/> is predicted correctly.</summary>
    public bool IsCorrect(int i) => Predicted[i] == Labels[i];

    /// <summary>
    /// Fraction of items whose true class is among the <paramref name="k"/> most probable. Ties rank the lower
    /// class index first, as <see cref="Predicted"/> does, so top-1 equals <see cref="Accuracy"/>.
    /// </summary>
    public double TopKAccuracy(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), "k must be at least 1.");
        if (Count == 0) return 0;
        int hits = 0;
        for (int i = 0; i < Count; i++)
        {
            int t = Labels[i], rank = 0;
            float pt = Probability(i, t);
            for (int c = 0; c < Classes.Count; c++)
            {
                float pc = Probability(i, c);
                if (pc > pt || (pc == pt && c < t)) rank++;
            }
            if (rank < k) hits++;
        }
        return (double)hits / Count;
    }

    /// <summary>The confusion matrix with each row divided by its total (the recall view); a class with no items keeps a row of zeros.</summary>
    public double[,] NormalisedConfusionMatrix()
    {
        var m = ConfusionMatrix();
        int n = Classes.Count;
        var result = new double[n, n];
        for (int t = 0; t < n; t++)
        {
            int total = 0;
            for (int p = 0; p < n; p++) total += m[t, p];
            if (total == 0) continue;
            for (int p = 0; p < n; p++) result[t, p] = (double)m[t, p] / total;
        }
        return result;
    }

    /// <summary>The items at <paramref name="indices"/>, as a result of their own (for per-group and bootstrap metrics).</summary>
    public ClassificationResult Subset(IReadOnlyList<int> indices)
    {
        int n = Classes.Count;
        var probs = new float[indices.Count * n];
        for (int j = 0; j < indices.Count; j++) Array.Copy(Probabilities, indices[j] * n, probs, j * n, n);
        return new ClassificationResult(Classes, indices.Select(i => Labels[i]).ToArray(), probs, indices.Select(i => Paths[i]).ToArray());
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
