namespace TransferGuide.Data;

/// <summary>Splits items so that each class keeps its share in every part, reproducibly for a seed.</summary>
public static class StratifiedSplit
{
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
}
