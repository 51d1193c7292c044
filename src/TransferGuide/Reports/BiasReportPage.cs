using System.Globalization;
using TransferGuide.Charts;
using TransferGuide.Monitoring;

namespace TransferGuide.Reports;

/// <summary>
/// The bias check as a self-contained HTML page: who is in the data (groups per split, shares, the group-by-class table
/// of training with empty and tiny cells), then each group's test accuracy without and with each mitigation, and the gap.
/// </summary>
public static class BiasReportPage
{
    /// <summary>Builds the page.</summary>
    /// <param name="title">Page title (dataset and setup).</param>
    /// <param name="facts">Key facts of the run (dataset, groups, thinning, seed), shown first.</param>
    /// <param name="representation">Who is in the data the heads were trained and tested on.</param>
    /// <param name="comparison">The baseline and the mitigations.</param>
    public static HtmlReport Create(string title, IEnumerable<(string Key, string Value)> facts, RepresentationReport representation, BiasComparison comparison)
    {
        static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        var rep = representation;
        var focus = rep.FocusSplit;
        var page = new HtmlReport(title).KeyValues(facts);

        page.Heading("Representation").Paragraph(rep.Summary());
        page.Table(["group", .. rep.Splits.Select(s => $"{s} items"), $"share of {focus}", "share of all"], rep.Groups.Select(g => (IReadOnlyList<string>)
            [g.Group, .. rep.Splits.Select(s => g.BySplit[s].ToString(CultureInfo.InvariantCulture)), P(g.ShareBySplit.GetValueOrDefault(focus)), P(g.Share)]));
        page.Paragraph($"Items of each group and class in {focus} (cells under {rep.TinyCell} are tiny; 0 is an empty cell):");
        page.Table(["group", .. rep.Classes], rep.Groups.Select(g => (IReadOnlyList<string>)
            [g.Group, .. rep.Classes.Select(c => Cell(rep.CountOf(focus, g.Group, c), rep.TinyCell))]));

        page.Heading("Per-group accuracy, without and with mitigation").Paragraph(comparison.Summary());
        page.Chart(BiasChart.Create(comparison));
        var b = comparison.Baseline;
        page.Table(["group", "training rows", "test rows", .. comparison.Results.Select(r => $"{r.Name} accuracy")], b.Groups.Select(g => (IReadOnlyList<string>)
            [g.Group, g.TrainCount.ToString(CultureInfo.InvariantCulture), g.TestCount.ToString(CultureInfo.InvariantCulture),
             .. comparison.Results.Select(r => P(r.AccuracyOf(g.Group)))]));
        page.Table(["head", "overall accuracy", "macro F1", "worst group", "best group", "gap (best - worst)"], comparison.Results.Select(r => (IReadOnlyList<string>)
            [r.Name, P(r.Accuracy), r.MacroF1.ToString("F3", CultureInfo.InvariantCulture), $"{r.Worst.Group} {P(r.Worst.Accuracy)}",
             $"{r.Best.Group} {P(r.Best.Accuracy)}", $"{r.Gap * 100:F1} points"]));
        page.Paragraph("Per-class detail of the baseline: " + b.Metrics.Summary());
        page.Chart(GroupMetricsChart.Create(b.Metrics, b.Predictions.Classes, "Baseline: metrics by group"));
        return page;
    }

    static string Cell(int count, int tiny) => count == 0 ? "0 (empty)" : count < tiny ? $"{count} (tiny)" : count.ToString(CultureInfo.InvariantCulture);
}
