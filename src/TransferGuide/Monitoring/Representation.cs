using TransferGuide.Data;

namespace TransferGuide.Monitoring;

/// <summary>
/// Builds the <see cref="RepresentationReport"/>: who is in the data, per split and per class. Groups come from wherever
/// the data says them (a speaker in a file name, a CSV of item and group).
/// </summary>
public static class Representation
{
    /// <summary>A non-empty group-by-class cell with fewer items than this is called tiny by default.</summary>
    public const int DefaultTinyCell = 5;

    /// <summary>The report of <paramref name="items"/>, each item's group given by <paramref name="groupOf"/> (null: no group).</summary>
    /// <param name="items">Labelled items with their split.</param>
    /// <param name="groupOf">The group of an item, e.g. <c>i =&gt; SpeakerGroups.SpeakerOf(i.Path)</c>.</param>
    /// <param name="classes">Class names in label order.</param>
    /// <param name="tinyCell">Cells with fewer items than this (and more than none) are called tiny.</param>
    public static RepresentationReport Of(IEnumerable<DataItem> items, Func<DataItem, string?> groupOf, IReadOnlyList<string> classes, int tinyCell = DefaultTinyCell) =>
        Of(items.Select(i => (i.Split, classes[i.Label], groupOf(i))), classes, tinyCell);

    /// <summary>The report of plain (split, class, group) rows; a null group counts as ungrouped.</summary>
    /// <param name="rows">One row per item.</param>
    /// <param name="classes">Class names in order; null: the classes the rows name, sorted.</param>
    /// <param name="tinyCell">Cells with fewer items than this (and more than none) are called tiny.</param>
    public static RepresentationReport Of(IEnumerable<(string Split, string Class, string? Group)> rows, IReadOnlyList<string>? classes = null,
        int tinyCell = DefaultTinyCell)
    {
        var all = rows.ToList();
        var grouped = all.Where(r => r.Group != null).Select(r => (r.Split, r.Class, Group: r.Group!)).ToList();
        var splits = all.Select(r => r.Split).Distinct().OrderBy(SplitRank).ThenBy(s => s, StringComparer.Ordinal).ToList();
        classes ??= all.Select(r => r.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        var splitTotals = splits.ToDictionary(s => s, s => grouped.Count(r => r.Split == s));
        var counts = grouped.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var groups = grouped.GroupBy(r => r.Group, StringComparer.Ordinal).Select(g =>
            {
                var bySplit = splits.ToDictionary(s => s, s => g.Count(r => r.Split == s));
                var shareBySplit = splits.ToDictionary(s => s, s => splitTotals[s] == 0 ? 0 : (double)bySplit[s] / splitTotals[s]);
                return new GroupShare(g.Key, g.Count(), (double)g.Count() / grouped.Count, bySplit, shareBySplit);
            })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
        var cells = (from s in splits from g in groups from c in classes
                     select new GroupClassCell(s, g.Group, c, counts.GetValueOrDefault((s, c, g.Group)))).ToList();
        return new RepresentationReport(splits, classes, groups, cells, tinyCell, all.Count - grouped.Count);
    }

    static int SplitRank(string split) => split switch { "train" => 0, "val" => 1, "test" => 2, _ => 3 };
}
