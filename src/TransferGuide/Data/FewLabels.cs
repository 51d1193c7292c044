namespace TransferGuide.Data;

/// <summary>Indices of a few-label experiment: the ones whose labels are kept, and the rest.</summary>
/// <param name="Labelled">Exactly k indices per class, ascending.</param>
/// <param name="Unlabelled">Every other index, ascending (for semi-supervised methods or as a pool).</param>
public sealed record LabelledSubset(IReadOnlyList<int> Labelled, IReadOnlyList<int> Unlabelled);

/// <summary>
/// "k labels per class": the few-label subsets that show how far transfer learning gets with 1, 5 or 10
/// examples of each class. Seeded, and nested: for one seed, the k = 5 subset lies inside the k = 10 one, so
/// curves over k compare like with like.
/// </summary>
public static class FewLabels
{
    /// <summary>Picks <paramref name="k"/> indices of each class in <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">A class has fewer than k examples (it is named), or k is below 1.</exception>
    public static LabelledSubset PerClass(IReadOnlyList<int> labels, int k, int seed, IReadOnlyList<string>? classNames = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Ask for at least one label per class.");
        var labelled = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            if (members.Length < k)
            {
                var name = classNames != null && group.Key >= 0 && group.Key < classNames.Count ? $"'{classNames[group.Key]}' ({group.Key})" : group.Key.ToString();
                throw new ArgumentException($"Class {name} has only {members.Length} example(s); {k} per class were asked for. Ask for at most {members.Length}.");
            }
            // One shuffle per class, seeded by (seed, class): a larger k extends a smaller one.
            new Random(Core.Reproducibility.Mix(seed, group.Key)).Shuffle(members);
            labelled.AddRange(members.Take(k));
        }
        labelled.Sort();
        var chosen = labelled.ToHashSet();
        return new LabelledSubset(labelled, Enumerable.Range(0, labels.Count).Where(i => !chosen.Contains(i)).ToList());
    }

    /// <summary>The same for a loaded dataset's items (images or audio): k items of each class.</summary>
    public static IReadOnlyList<DataItem> PerClass(IReadOnlyList<DataItem> items, int k, int seed, IReadOnlyList<string>? classNames = null)
    {
        var subset = PerClass(items.Select(i => i.Label).ToArray(), k, seed, classNames);
        return subset.Labelled.Select(i => items[i]).ToList();
    }
}
