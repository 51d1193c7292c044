namespace TransferGuide.Monitoring;

/// <summary>
/// Old examples kept for rehearsal: a seeded sample of up to <c>perClass</c> items of each class, so every old class is
/// rehearsed however unbalanced the old data was. Holds row indices into the old training set.
/// </summary>
public sealed class ReplayBuffer
{
    readonly int[] _indices;

    ReplayBuffer(int[] indices) => _indices = indices;

    /// <summary>Row indices of the kept examples, ascending.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>Examples kept.</summary>
    public int Count => _indices.Length;

    /// <summary>Keeps up to <paramref name="perClass"/> examples of each label (all of a class with fewer), drawn with <paramref name="seed"/>.</summary>
    public static ReplayBuffer Stratified(IReadOnlyList<int> labels, int perClass, int seed)
    {
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "Keep at least one example per class.");
        var random = new Random(seed);
        var kept = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            kept.AddRange(members.Take(perClass));
        }
        return new ReplayBuffer(kept.Order().ToArray());
    }

    /// <summary><paramref name="count"/> examples drawn uniformly with replacement from the buffer.</summary>
    public int[] Sample(Random random, int count) => Enumerable.Range(0, count).Select(_ => _indices[random.Next(_indices.Length)]).ToArray();
}
