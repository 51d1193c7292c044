using TransferGuide.Data;

namespace TransferGuide.Notebooks;

/// <summary>A smaller copy of a dataset, for quick runs: the same classes and splits, fewer items.</summary>
public static class DatasetSubset
{
    /// <summary>
    /// Keeps at most <paramref name="perClass"/> items of each class in each split, chosen with a seeded
    /// shuffle so that every run (and every student) gets the same subset.
    /// </summary>
    public static ImageDataset Take(ImageDataset data, int perClass, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var random = new Random(seed);
        var kept = data.Items
            .OrderBy(i => i.Path, StringComparer.Ordinal)
            .Select(i => (Item: i, Key: random.Next()))
            .GroupBy(x => (x.Item.Split, x.Item.Label))
            .SelectMany(g => g.OrderBy(x => x.Key).Take(perClass).Select(x => x.Item))
            .OrderBy(i => i.Split, StringComparer.Ordinal).ThenBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal)
            .ToList();
        return data with { Items = kept };
    }
}
