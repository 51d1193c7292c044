namespace TransferGuide.Evaluation;

/// <summary>What a model must beat: the scores of guessing without looking at the input.</summary>
public static class Baselines
{
    /// <summary>The most common label in <paramref name="trainLabels"/> (the lowest label on a tie).</summary>
    public static int MajorityClass(IEnumerable<int> trainLabels)
    {
        var ranked = trainLabels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).ToList();
        return ranked.Count > 0 ? ranked[0].Key : throw new ArgumentException("No training labels.", nameof(trainLabels));
    }

    /// <summary>Accuracy on <paramref name="heldOutLabels"/> of always predicting the training set's majority class.</summary>
    public static double MajorityClassAccuracy(IEnumerable<int> trainLabels, IReadOnlyCollection<int> heldOutLabels)
    {
        if (heldOutLabels.Count == 0) return 0;
        int majority = MajorityClass(trainLabels);
        return heldOutLabels.Count(l => l == majority) / (double)heldOutLabels.Count;
    }
}
