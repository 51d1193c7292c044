namespace TransferGuide.FewShot;

/// <summary>
/// Which classes each stage of few-shot learning may use: meta-training (learning to learn), meta-validation
/// (choosing settings) and meta-testing (the reported numbers). The three sets are disjoint, so test episodes are
/// made of classes no method saw before.
/// </summary>
/// <param name="Train">Class indices for meta-training.</param>
/// <param name="Validation">Class indices for choices such as the prototype distance.</param>
/// <param name="Test">Class indices of the reported episodes.</param>
/// <param name="Seed">The seed the classes were dealt with; null for a split given by hand.</param>
public sealed record ClassSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test, int? Seed = null)
{
    /// <summary>
    /// The default split of <paramref name="classCount"/> classes: half for meta-training, a quarter for
    /// meta-validation, the rest for meta-testing (17 flowers: 8, 4 and 5), dealt at random with <paramref name="seed"/>.
    /// </summary>
    public static ClassSplit Default(int classCount, int seed = 42) => Random(classCount, classCount / 2, classCount / 4, seed);

    /// <summary>Deals <paramref name="classCount"/> classes at random: <paramref name="train"/>, then <paramref name="validation"/>, the rest to test.</summary>
    /// <exception cref="ArgumentException">The counts do not leave at least one test class.</exception>
    public static ClassSplit Random(int classCount, int train, int validation, int seed = 42)
    {
        if (train < 0 || validation < 0 || train + validation >= classCount)
            throw new ArgumentException(
                $"Cannot split {classCount} classes into {train} meta-train and {validation} meta-validation classes and still keep a test class.");
        var order = Enumerable.Range(0, classCount).ToArray();
        new System.Random(seed).Shuffle(order);
        return new ClassSplit(
            order[..train].Order().ToList(),
            order[train..(train + validation)].Order().ToList(),
            order[(train + validation)..].Order().ToList(),
            seed);
    }

    /// <summary>Throws when a class sits in two sets or a set is empty where it is needed.</summary>
    /// <exception cref="ArgumentException">The sets overlap or there are no test classes.</exception>
    public void Validate()
    {
        if (Test.Count == 0) throw new ArgumentException("The class split has no test classes.");
        var seen = new Dictionary<int, string>();
        foreach (var (name, set) in new[] { ("meta-train", Train), ("meta-validation", Validation), ("meta-test", Test) })
            foreach (var c in set)
                if (!seen.TryAdd(c, name))
                    throw new ArgumentException($"Class {c} is in both {seen[c]} and {name}: the class split must be disjoint.");
    }

    /// <summary>The split in words, with class names, e.g. for a report.</summary>
    public string Describe(IReadOnlyList<string> classNames)
    {
        string Names(IReadOnlyList<int> set) => string.Join(", ", set.Select(c => c < classNames.Count ? classNames[c] : c.ToString()));
        return $"meta-train ({Train.Count}): {Names(Train)}; meta-validation ({Validation.Count}): {Names(Validation)}; " +
               $"meta-test ({Test.Count}): {Names(Test)}" + (Seed is { } s ? $" (seed {s})" : "");
    }
}
