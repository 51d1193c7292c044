namespace TransferGuide.Data;

/// <summary>
/// Tools for imbalanced data: per-class loss weights, and a sampler that draws rare classes as often as common
/// ones. <c>ClassBalance.Weights(train, classes)</c> gives scikit-learn's "balanced" weights.
/// </summary>
public static class ClassBalance
{
    /// <summary>Items per class, in label order.</summary>
    public static int[] Counts(IReadOnlyList<DataItem> items, int classCount)
    {
        var counts = new int[classCount];
        foreach (var item in items)
        {
            if (item.Label < 0 || item.Label >= classCount)
                throw new ArgumentException($"{item.Path} has label {item.Label}, outside 0..{classCount - 1}.", nameof(items));
            counts[item.Label]++;
        }
        return counts;
    }

    /// <summary>Items per class, in label order, from the items' labels (any <see cref="IBatchSource.Labels"/>).</summary>
    public static int[] Counts(IReadOnlyList<int> labels, int classCount)
    {
        var counts = new int[classCount];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount)
                throw new ArgumentException($"Item {i} has label {labels[i]}, outside 0..{classCount - 1}.", nameof(labels));
            counts[labels[i]]++;
        }
        return counts;
    }

    /// <summary>
    /// Loss weight of each class: <c>items / (classes × items of the class)</c>, so every class contributes the same
    /// total and the weights average 1 over the items. An empty class gets 0.
    /// </summary>
    public static float[] Weights(IReadOnlyList<DataItem> items, int classCount) => Weights(Counts(items, classCount), items.Count, classCount);

    /// <summary>The loss weights of <see cref="Weights(IReadOnlyList{DataItem}, int)"/>, from the items' labels.</summary>
    public static float[] Weights(IReadOnlyList<int> labels, int classCount) => Weights(Counts(labels, classCount), labels.Count, classCount);

    static float[] Weights(int[] counts, int items, int classCount) =>
        counts.Select(c => c == 0 ? 0f : (float)items / (classCount * c)).ToArray();

    /// <summary>
    /// An epoch's visiting order drawn with replacement, each item with probability proportional to
    /// 1 / (items of its class): every class is drawn about equally often. Same (seed, epoch), same order.
    /// </summary>
    /// <param name="items">The items.</param>
    /// <param name="classCount">Classes.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="epoch">Epoch (mixed into the seed).</param>
    /// <param name="length">Draws (default: as many as there are items).</param>
    public static int[] WeightedOrder(IReadOnlyList<DataItem> items, int classCount, int seed, int epoch, int? length = null)
    {
        if (items.Count == 0) return [];
        Counts(items, classCount); // names a file with a bad label
        return WeightedOrder(items.Select(i => i.Label).ToArray(), classCount, seed, epoch, length);
    }

    /// <summary>The order of <see cref="WeightedOrder(IReadOnlyList{DataItem}, int, int, int, int?)"/>, from the items' labels.</summary>
    /// <param name="labels">Each item's class.</param>
    /// <param name="classCount">Classes.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="epoch">Epoch (mixed into the seed).</param>
    /// <param name="length">Draws (default: as many as there are items).</param>
    public static int[] WeightedOrder(IReadOnlyList<int> labels, int classCount, int seed, int epoch, int? length = null)
    {
        if (labels.Count == 0) return [];
        var counts = Counts(labels, classCount);
        var cumulative = new double[labels.Count];
        double total = 0;
        for (int i = 0; i < labels.Count; i++) cumulative[i] = total += 1.0 / counts[labels[i]];
        var random = new Random(Core.Reproducibility.Mix(seed, epoch, 0xba1));
        var order = new int[length ?? labels.Count];
        for (int n = 0; n < order.Length; n++)
        {
            int k = Array.BinarySearch(cumulative, random.NextDouble() * total);
            order[n] = Math.Min(k < 0 ? ~k : k, labels.Count - 1);
        }
        return order;
    }

    /// <summary>Largest class over smallest (1 = balanced; infinity when a class is empty).</summary>
    public static double ImbalanceRatio(IReadOnlyList<DataItem> items, int classCount)
    {
        var counts = Counts(items, classCount);
        return counts.Min() == 0 ? double.PositiveInfinity : (double)counts.Max() / counts.Min();
    }
}
