namespace TransferGuide.FewShot;

/// <summary>
/// One N-way K-shot task: N classes, K labelled support rows and Q query rows of each. Labels are episode labels
/// 0..N-1 (the position of the class in <see cref="Classes"/>), because a few-shot classifier learns the task's
/// classes from its support set alone.
/// </summary>
/// <param name="Classes">Dataset class of each episode label.</param>
/// <param name="Support">Feature rows of the support set.</param>
/// <param name="SupportLabels">Episode label of each support row.</param>
/// <param name="Query">Feature rows of the query set.</param>
/// <param name="QueryLabels">Episode label of each query row.</param>
public sealed record Episode(IReadOnlyList<int> Classes, int[] Support, int[] SupportLabels, int[] Query, int[] QueryLabels)
{
    /// <summary>N, the number of classes.</summary>
    public int Ways => Classes.Count;

    /// <summary>Fraction of query rows whose predicted episode label is right.</summary>
    public double Accuracy(IReadOnlyList<int> predicted)
    {
        if (predicted.Count != QueryLabels.Length) throw new ArgumentException($"{predicted.Count} predictions for {QueryLabels.Length} query rows.");
        int right = 0;
        for (int i = 0; i < predicted.Count; i++) if (predicted[i] == QueryLabels[i]) right++;
        return QueryLabels.Length == 0 ? 0 : (double)right / QueryLabels.Length;
    }
}
