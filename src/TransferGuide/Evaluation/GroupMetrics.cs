using System.Globalization;
using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>The metrics of one group of items.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Count">Items in the group.</param>
/// <param name="Report">Accuracy, per-class precision, recall and F1 within the group.</param>
public sealed record GroupResult(string Group, int Count, ClassificationReport Report);

/// <summary>A difference in one metric of one class between the best and the worst group.</summary>
/// <param name="Metric">"recall" or "precision".</param>
/// <param name="Class">The class.</param>
/// <param name="BestGroup">Group with the highest value.</param>
/// <param name="BestValue">Its value.</param>
/// <param name="WorstGroup">Group with the lowest value.</param>
/// <param name="WorstValue">Its value.</param>
public sealed record MetricGap(string Metric, string Class, string BestGroup, double BestValue, string WorstGroup, double WorstValue)
{
    /// <summary>Best minus worst.</summary>
    public double Gap => BestValue - WorstValue;
}

/// <summary>
/// Fairness and bias: the same metrics computed separately for each group (from a CSV of item, group),
/// and the largest gaps between groups in per-class recall and precision, with a plain-words summary.
/// A recall gap means one group's items of a class are missed more often; a precision gap means the
/// model's "this is class X" is less trustworthy for one group.
/// </summary>
/// <param name="Groups">Per-group results, largest group first.</param>
/// <param name="RecallGaps">Per class, the recall gap between groups that have items of that class; largest first.</param>
/// <param name="PrecisionGaps">Per class, the precision gap between groups with predictions of that class; largest first.</param>
/// <param name="Ungrouped">Evaluated items that the group file did not mention (left out of every group).</param>
/// <param name="UnmatchedItems">Items the group file lists that were not evaluated.</param>
public sealed record GroupMetrics(IReadOnlyList<GroupResult> Groups, IReadOnlyList<MetricGap> RecallGaps, IReadOnlyList<MetricGap> PrecisionGaps,
    int Ungrouped, IReadOnlyList<string> UnmatchedItems)
{
    /// <summary>Splits <paramref name="result"/> by group and compares the groups.</summary>
    public static GroupMetrics Compute(ClassificationResult result, GroupAssignments groups, string? root = null)
    {
        var (assigned, unmatched) = groups.Assign(result.Paths, root);
        return Compute(result, assigned, unmatched);
    }

    /// <summary>Splits <paramref name="result"/> by the group of each item (null: no group).</summary>
    public static GroupMetrics Compute(ClassificationResult result, IReadOnlyList<string?> groupOfItem, IReadOnlyList<string>? unmatched = null)
    {
        if (groupOfItem.Count != result.Count) throw new ArgumentException($"{groupOfItem.Count} groups for {result.Count} items.");
        var groups = Enumerable.Range(0, result.Count).Where(i => groupOfItem[i] != null)
            .GroupBy(i => groupOfItem[i]!, StringComparer.Ordinal)
            .Select(g => new GroupResult(g.Key, g.Count(), ClassificationReport.From(result.Subset(g.ToList()))))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Group, StringComparer.Ordinal)
            .ToList();
        var recall = new List<MetricGap>();
        var precision = new List<MetricGap>();
        for (int c = 0; c < result.Classes.Count; c++)
        {
            int k = c;
            if (Gap("recall", result.Classes[c], groups.Where(g => g.Report.PerClass[k].Support > 0).Select(g => (g.Group, g.Report.PerClass[k].Recall))) is { } r) recall.Add(r);
            if (Gap("precision", result.Classes[c], groups.Where(g => g.Report.PerClass[k].PredictedCount > 0).Select(g => (g.Group, g.Report.PerClass[k].Precision))) is { } p) precision.Add(p);
        }
        return new GroupMetrics(groups,
            recall.OrderByDescending(g => g.Gap).ToList(), precision.OrderByDescending(g => g.Gap).ToList(),
            groupOfItem.Count(g => g == null), unmatched ?? []);
    }

    static MetricGap? Gap(string metric, string cls, IEnumerable<(string Group, double Value)> values)
    {
        var list = values.ToList();
        if (list.Count < 2) return null;
        var best = list.OrderByDescending(v => v.Value).ThenBy(v => v.Group, StringComparer.Ordinal).First();
        var worst = list.OrderBy(v => v.Value).ThenBy(v => v.Group, StringComparer.Ordinal).First();
        return new MetricGap(metric, cls, best.Group, best.Value, worst.Group, worst.Value);
    }

    /// <summary>The largest recall gap, or null with fewer than two comparable groups.</summary>
    public MetricGap? LargestRecallGap => RecallGaps.Count == 0 ? null : RecallGaps[0];

    /// <summary>The largest precision gap, or null with fewer than two comparable groups.</summary>
    public MetricGap? LargestPrecisionGap => PrecisionGaps.Count == 0 ? null : PrecisionGaps[0];

    /// <summary>What the numbers say, in plain words, for people who will not read the table.</summary>
    public string Summary()
    {
        static string P(double v) => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        if (Groups.Count < 2)
            return Groups.Count == 0 ? "No evaluated item belongs to a group, so nothing can be compared."
                : $"Only one group ({Groups[0].Group}) has evaluated items, so nothing can be compared.";
        var lines = new List<string>();
        var byAcc = Groups.OrderByDescending(g => g.Report.Accuracy).ToList();
        lines.Add($"Accuracy ranges from {P(byAcc[^1].Report.Accuracy)} for {byAcc[^1].Group} ({byAcc[^1].Count} items) " +
                  $"to {P(byAcc[0].Report.Accuracy)} for {byAcc[0].Group} ({byAcc[0].Count} items).");
        if (LargestRecallGap is { } r)
            lines.Add(r.Gap == 0 ? "Recall is the same in every group for every class."
                : $"The largest recall gap is for {r.Class}: {P(r.BestValue)} of {r.BestGroup}'s {r.Class} items are recognised, but only {P(r.WorstValue)} of {r.WorstGroup}'s, a gap of {P(r.Gap)}.");
        if (LargestPrecisionGap is { } p)
            lines.Add(p.Gap == 0 ? "Precision is the same in every group for every class."
                : $"The largest precision gap is for {p.Class}: when the model says {p.Class}, it is right {P(p.BestValue)} of the time for {p.BestGroup} but {P(p.WorstValue)} for {p.WorstGroup}, a gap of {P(p.Gap)}.");
        int smallest = Groups.Min(g => g.Count);
        if (smallest < 30)
            lines.Add($"The smallest group has {smallest} items, so its numbers are noisy: treat gaps of a few items with caution.");
        if (Ungrouped > 0) lines.Add($"{Ungrouped} evaluated item(s) had no group and are left out of the comparison.");
        if (UnmatchedItems.Count > 0) lines.Add($"{UnmatchedItems.Count} item(s) in the group file were not among the evaluated items.");
        return string.Join(" ", lines);
    }
}
