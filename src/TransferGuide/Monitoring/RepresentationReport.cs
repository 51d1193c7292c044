using System.Globalization;

namespace TransferGuide.Monitoring;

/// <summary>How many items one group has, in all and per split.</summary>
/// <param name="Group">Group name (a speaker, a site, a camera).</param>
/// <param name="Count">Its items over every split.</param>
/// <param name="Share">Its fraction of every grouped item.</param>
/// <param name="BySplit">Its items per split (every split listed, 0 where it has none).</param>
/// <param name="ShareBySplit">Its fraction of each split's grouped items.</param>
public sealed record GroupShare(string Group, int Count, double Share, IReadOnlyDictionary<string, int> BySplit, IReadOnlyDictionary<string, double> ShareBySplit);

/// <summary>One cell of the split × group × class table.</summary>
/// <param name="Split">The split.</param>
/// <param name="Group">The group.</param>
/// <param name="Class">The class.</param>
/// <param name="Count">Items of that group and class in that split (0: an empty cell).</param>
public sealed record GroupClassCell(string Split, string Group, string Class, int Count);

/// <summary>
/// Who is in the data, before any model is trained: items per group, per split and per class, each group's share, the
/// gap between the largest and the smallest group, and the group-by-class cells that are empty or tiny. A model learns
/// little from a group it rarely sees, so this table predicts where per-group accuracy will drop.
/// </summary>
/// <param name="Splits">Split names, train first.</param>
/// <param name="Classes">Class names.</param>
/// <param name="Groups">Every group, largest first.</param>
/// <param name="Cells">Every split × group × class combination, zeros included.</param>
/// <param name="TinyCell">A non-empty cell with fewer items than this is called tiny.</param>
/// <param name="Ungrouped">Items without a group (left out of every count above).</param>
public sealed record RepresentationReport(IReadOnlyList<string> Splits, IReadOnlyList<string> Classes, IReadOnlyList<GroupShare> Groups,
    IReadOnlyList<GroupClassCell> Cells, int TinyCell, int Ungrouped)
{
    /// <summary>The split the gaps are measured in: "train" when there is one (what the model learns from), else the first.</summary>
    public string FocusSplit => Splits.Contains("train") ? "train" : Splits.FirstOrDefault() ?? "all";

    /// <summary>Groups of the focus split, largest first.</summary>
    public IReadOnlyList<GroupShare> RankedInFocus => Groups.OrderByDescending(g => g.BySplit.GetValueOrDefault(FocusSplit))
        .ThenBy(g => g.Group, StringComparer.Ordinal).ToList();

    /// <summary>The largest group of the focus split.</summary>
    public GroupShare Largest => RankedInFocus[0];

    /// <summary>The smallest group of the focus split.</summary>
    public GroupShare Smallest => RankedInFocus[^1];

    /// <summary>How many times more items the largest group has than the smallest in the focus split (infinity when the smallest has none).</summary>
    public double LargestToSmallest => Smallest.BySplit[FocusSplit] == 0 ? double.PositiveInfinity
        : (double)Largest.BySplit[FocusSplit] / Smallest.BySplit[FocusSplit];

    /// <summary>An equal share of the focus split: 1 / number of groups.</summary>
    public double EqualShare => Groups.Count == 0 ? 0 : 1.0 / Groups.Count;

    /// <summary>Groups with less than half an equal share of the focus split, smallest first.</summary>
    public IReadOnlyList<GroupShare> UnderRepresented => RankedInFocus.Reverse()
        .Where(g => g.ShareBySplit.GetValueOrDefault(FocusSplit) < EqualShare / 2).ToList();

    /// <summary>Cells with no item.</summary>
    public IReadOnlyList<GroupClassCell> EmptyCells => Cells.Where(c => c.Count == 0).ToList();

    /// <summary>Cells with at least one item but fewer than <see cref="TinyCell"/>.</summary>
    public IReadOnlyList<GroupClassCell> TinyCells => Cells.Where(c => c.Count > 0 && c.Count < TinyCell).ToList();

    /// <summary>Items of one group and class in one split.</summary>
    public int CountOf(string split, string group, string cls) =>
        Cells.FirstOrDefault(c => c.Split == split && c.Group == group && c.Class == cls)?.Count ?? 0;

    /// <summary>What the table says, in plain words.</summary>
    public string Summary()
    {
        static string P(double v) => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        if (Groups.Count == 0) return "No item has a group, so representation cannot be checked.";
        var f = FocusSplit;
        var lines = new List<string>
        {
            $"{Groups.Count} group(s), {Groups.Sum(g => g.Count)} grouped item(s) over {Splits.Count} split(s)." +
            (Ungrouped > 0 ? $" {Ungrouped} item(s) have no group and are not counted." : ""),
        };
        if (Groups.Count == 1) return lines[0] + " With one group there is nothing to compare.";
        var (big, small) = (Largest, Smallest);
        lines.Add($"In {f}, the largest group is {big.Group} ({big.BySplit[f]} items, {P(big.ShareBySplit[f])}) and the smallest is " +
                  $"{small.Group} ({small.BySplit[f]} items, {P(small.ShareBySplit[f])})" +
                  (double.IsInfinity(LargestToSmallest) ? ": it has none at all." : $": {LargestToSmallest.ToString("0.#", CultureInfo.InvariantCulture)} times fewer."));
        var under = UnderRepresented;
        lines.Add(under.Count == 0 ? $"Every group has at least half an equal share ({P(EqualShare)}) of {f}."
            : $"Under-represented in {f} (under half an equal share of {P(EqualShare)}): " +
              string.Join(", ", under.Select(g => $"{g.Group} ({g.BySplit[f]} items, {P(g.ShareBySplit[f])})")) + ".");
        var empty = EmptyCells.Where(c => c.Split == f).ToList();
        var tiny = TinyCells.Where(c => c.Split == f).ToList();
        int cells = Cells.Count(c => c.Split == f);
        if (empty.Count == 0 && tiny.Count == 0) lines.Add($"Every group has at least {TinyCell} {f} items of every class.");
        else
        {
            if (empty.Count > 0) lines.Add($"{empty.Count} of {cells} group-by-class cells of {f} are empty: {Describe(empty)}.");
            if (tiny.Count > 0) lines.Add($"{tiny.Count} hold fewer than {TinyCell} items: {Describe(tiny)}.");
            lines.Add("The model learns those classes of those groups from few or no examples: expect its errors there, and check per-group accuracy.");
        }
        return string.Join(" ", lines);
    }

    /// <summary>Cells in words, grouped by group and capped so a long list stays readable.</summary>
    static string Describe(IReadOnlyList<GroupClassCell> cells)
    {
        var byGroup = cells.GroupBy(c => c.Group).Select(g => $"{g.Key} × {string.Join("/", g.Select(c => c.Class))}").ToList();
        return byGroup.Count <= 6 ? string.Join("; ", byGroup) : string.Join("; ", byGroup.Take(6)) + $"; and {byGroup.Count - 6} more group(s)";
    }
}
