namespace TransferGuide.Data;

/// <summary>Splits items so that each class keeps its share in every part, reproducibly for a seed.</summary>
public static class StratifiedSplit
{
    /// <summary>The validation share carved from the training items when a dataset brings no validation split.</summary>
    public const double DefaultValidFraction = 0.15;

    /// <summary>
    /// The one split policy of the kit (learners, recipes, evaluation). Every choice is made on validation and the test
    /// part is read once at the end:
    /// <list type="bullet">
    /// <item>train, val and test: used as they are;</item>
    /// <item>train and one held-out split (val or test): that split is the test part, and validation is carved from train
    /// (about <paramref name="validFraction"/> of each class, seeded), so nothing is chosen on what is reported;</item>
    /// <item>train only, or no splits: validation and test are both carved (about <paramref name="validFraction"/> each).</item>
    /// </list>
    /// Same seed, same items in each part.
    /// </summary>
    public static DataSplits ForTraining(ImageDataset data, int seed, double validFraction = DefaultValidFraction)
    {
        var splits = data.Splits;
        string carved = $"{validFraction * 100:0.#}% of train, per class, seed {seed}";
        if (splits.Contains("train") && splits.Contains("val") && splits.Contains("test"))
            return new DataSplits(data.Split("train"), data.Split("val"), data.Split("test"), "val", "test");
        string? held = splits.Contains("test") ? "test" : splits.Contains("val") ? "val" : null;
        if (splits.Contains("train") && held != null)
        {
            var parts = Split(data.Split("train"), validFraction, seed, DataSplits.HoldoutName);
            return new DataSplits(Part(parts, "train"), Part(parts, DataSplits.HoldoutName), data.Split(held), DataSplits.HoldoutName, held, carved);
        }
        var pool = splits.Contains("train") ? data.Split("train") : data.Items;
        var three = TrainValTest(pool, validFraction, validFraction, seed);
        return new DataSplits(Part(three, "train"), Part(three, "val"), Part(three, "test"), "val", "test",
            $"{validFraction * 100:0.#}% each for validation and test, per class, seed {seed}");
    }

    static IReadOnlyList<DataItem> Part(IReadOnlyList<DataItem> items, string split) => items.Where(i => i.Split == split).ToList();

    /// <summary>
    /// Moves about <paramref name="fraction"/> of each class into split <paramref name="heldOutName"/>
    /// (at least one item per class with two or more), the rest into "train".
    /// </summary>
    public static IReadOnlyList<DataItem> Split(IReadOnlyList<DataItem> items, double fraction, int seed, string heldOutName = "val")
    {
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), "Use a fraction between 0 and 1, e.g. 0.2.");
        var random = new Random(seed);
        var result = new List<DataItem>(items.Count);
        foreach (var group in items.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            var members = group.OrderBy(i => i.Path, StringComparer.Ordinal).ToArray();
            random.Shuffle(members);
            int held = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * fraction), 1, members.Length - 1);
            for (int k = 0; k < members.Length; k++)
                result.Add(members[k] with { Split = k < held ? heldOutName : "train" });
        }
        return result.OrderBy(i => i.Split).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A three-way split: about <paramref name="valFraction"/> of each class to "val", <paramref name="testFraction"/>
    /// to "test", the rest to "train", reproducibly for <paramref name="seed"/>. Classes too small to give every part
    /// an item keep at least one in train.
    /// </summary>
    public static IReadOnlyList<DataItem> TrainValTest(IReadOnlyList<DataItem> items, double valFraction, double testFraction, int seed)
    {
        if (valFraction <= 0 || testFraction <= 0 || valFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(valFraction), "Use fractions above 0 that add up to less than 1, e.g. 0.15 and 0.15.");
        var random = new Random(seed);
        var result = new List<DataItem>(items.Count);
        foreach (var group in items.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            var members = group.OrderBy(i => i.Path, StringComparer.Ordinal).ToArray();
            random.Shuffle(members);
            int n = members.Length;
            int test = n < 3 ? 0 : Math.Clamp((int)Math.Round(n * testFraction), 1, n - 2);
            int val = n < 2 ? 0 : Math.Clamp((int)Math.Round(n * valFraction), 1, n - test - 1);
            for (int k = 0; k < n; k++)
                result.Add(members[k] with { Split = k < test ? "test" : k < test + val ? "val" : "train" });
        }
        return result.OrderBy(i => i.Split).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Stratified k-fold: every item is held out ("val") in exactly one of <paramref name="k"/> folds, and each class
    /// is spread evenly over the folds. Fold i holds the items of fold i as "val" and all others as "train".
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DataItem>> KFold(IReadOnlyList<DataItem> items, int k, int seed)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), "k-fold needs k of at least 2 (5 is usual).");
        var random = new Random(seed);
        var foldOf = new Dictionary<DataItem, int>();
        int offset = 0;
        foreach (var group in items.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            var members = group.OrderBy(i => i.Path, StringComparer.Ordinal).ToArray();
            random.Shuffle(members);
            // Continue the round-robin across classes, so small classes do not all land in fold 0.
            for (int j = 0; j < members.Length; j++) foldOf[members[j]] = (offset + j) % k;
            offset += members.Length;
        }
        return Enumerable.Range(0, k).Select(f => (IReadOnlyList<DataItem>)items
            .Select(i => i with { Split = foldOf[i] == f ? "val" : "train" })
            .OrderBy(i => i.Split).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList()).ToList();
    }
}
