namespace TransferGuide.Evaluation;

/// <summary>How a one-against-the-rest score becomes one headline number (AUC, average precision).</summary>
public static class ClassAverages
{
    /// <summary>
    /// For two classes, the score of the second class against the first; for more, the unweighted mean of the
    /// classes whose score is defined. Null when none is.
    /// </summary>
    public static double? Macro(int classes, Func<int, double?> score)
    {
        if (classes == 2) return score(1);
        var defined = Enumerable.Range(0, classes).Select(score).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return defined.Count == 0 ? null : defined.Average();
    }
}
