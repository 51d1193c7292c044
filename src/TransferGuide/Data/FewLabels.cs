namespace TransferGuide.Data;

/// <summary>Indices of a few-label experiment: the ones whose labels are kept, and the rest.</summary>
/// <param name="Labelled">Exactly k indices per class, ascending.</param>
/// <param name="Unlabelled">Every other index, ascending (for semi-supervised methods or as a pool).</param>
public sealed record LabelledSubset(IReadOnlyList<int> Labelled, IReadOnlyList<int> Unlabelled);

/// <summary>How a few-label pick orders each class's items before it takes the first k; both are seeded and nested.</summary>
public enum FewLabelsDraw
{
    /// <summary>Each class shuffled on its own, seeded by (seed, class): one class's pick does not depend on the others.</summary>
    PerClass,

    /// <summary>
    /// One seeded stream over every item in path order, each item's place drawn in turn: how the notebooks' subsets
    /// have always been drawn, kept so that their results do not move.
    /// </summary>
    PathOrder,
}

/// <summary>
/// "k labels per class": the few-label subsets that show how far transfer learning gets with 1, 5 or 10
/// examples of each class, and the smaller copies of a dataset that quick runs train on. Seeded, and nested: for
/// one seed, the k = 5 subset lies inside the k = 10 one, so curves over k compare like with like.
/// </summary>
public static class FewLabels
{
    /// <summary>Picks <paramref name="k"/> indices of each class in <paramref name="labels"/> (<see cref="FewLabelsDraw.PerClass"/>).</summary>
    /// <exception cref="ArgumentException">A class has fewer than k examples (it is named), or k is below 1.</exception>
    public static LabelledSubset PerClass(IReadOnlyList<int> labels, int k, int seed, IReadOnlyList<string>? classNames = null)
    {
        var labelled = Pick(labels.Select(l => ("", l)).ToList(), paths: null, k, seed, FewLabelsDraw.PerClass, exactly: true, classNames);
        labelled.Sort();
        var chosen = labelled.ToHashSet();
        return new LabelledSubset(labelled, Enumerable.Range(0, labels.Count).Where(i => !chosen.Contains(i)).ToList());
    }

    /// <summary>The same for a loaded dataset's items (images or audio): k items of each class, in their order.</summary>
    public static IReadOnlyList<DataItem> PerClass(IReadOnlyList<DataItem> items, int k, int seed, IReadOnlyList<string>? classNames = null)
    {
        var subset = PerClass(items.Select(i => i.Label).ToArray(), k, seed, classNames);
        return subset.Labelled.Select(i => items[i]).ToList();
    }

    /// <summary>
    /// A smaller copy of a dataset: the same classes and splits, at most <paramref name="k"/> items of each class in
    /// each split (all of a class that has fewer), ordered by split, class and path. The notebooks' quick mode trains
    /// on these, and every run (and every student) gets the same ones.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="k">Items to keep per class and split, at least 1.</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <param name="draw">How items are drawn; <see cref="FewLabelsDraw.PathOrder"/> by default, as the notebooks always drew them.</param>
    public static ImageDataset PerClass(ImageDataset data, int k, int seed = 42, FewLabelsDraw draw = FewLabelsDraw.PathOrder)
    {
        var items = data.Items;
        var kept = Pick(items.Select(i => (i.Split, i.Label)).ToList(), items.Select(i => i.Path).ToList(), k, seed, draw, exactly: false, data.Classes)
            .Select(i => items[i])
            .OrderBy(i => i.Split, StringComparer.Ordinal).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal)
            .ToList();
        return data with { Items = kept };
    }

    /// <summary>
    /// The one pick behind every overload: ranks each item by <paramref name="draw"/>, then takes the k best-ranked of
    /// each (split, class) group. A larger k only adds items, because the ranks do not depend on k.
    /// </summary>
    static List<int> Pick(IReadOnlyList<(string Split, int Label)> groups, IReadOnlyList<string>? paths, int k, int seed, FewLabelsDraw draw,
        bool exactly, IReadOnlyList<string>? classNames)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Ask for at least one label per class.");
        var byGroup = Enumerable.Range(0, groups.Count).GroupBy(i => groups[i]).OrderBy(g => g.Key.Label).ThenBy(g => g.Key.Split, StringComparer.Ordinal).ToList();
        var rank = new long[groups.Count];
        if (draw == FewLabelsDraw.PathOrder)
        {
            // One stream in path order; an item's place in that order breaks ties between equal draws.
            var random = new Random(seed);
            var order = Enumerable.Range(0, groups.Count).OrderBy(i => paths?[i] ?? "", StringComparer.Ordinal).ToList();
            for (int place = 0; place < order.Count; place++) rank[order[place]] = ((long)random.Next() << 32) | (uint)place;
        }
        else
            foreach (var group in byGroup)
            {
                // One shuffle per class, seeded by (seed, class): the rank is the place after the shuffle.
                var members = group.ToArray();
                new Random(Core.Reproducibility.Mix(seed, group.Key.Label)).Shuffle(members);
                for (int place = 0; place < members.Length; place++) rank[members[place]] = place;
            }
        var picked = new List<int>();
        foreach (var group in byGroup)
        {
            var members = group.OrderBy(i => rank[i]).ToList();
            if (exactly && members.Count < k)
            {
                int label = group.Key.Label;
                var name = classNames != null && label >= 0 && label < classNames.Count ? $"'{classNames[label]}' ({label})" : label.ToString();
                throw new ArgumentException($"Class {name} has only {members.Count} example(s); {k} per class were asked for. Ask for at most {members.Count}.");
            }
            picked.AddRange(members.Take(k));
        }
        return picked;
    }
}
