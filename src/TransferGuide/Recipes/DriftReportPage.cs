using TransferGuide.Monitoring;
using TransferGuide.Reports;

namespace TransferGuide.Recipes;

/// <summary>report.html of a drift run: the verdict, each test, and the update comparison and power curve when run.</summary>
public static class DriftReportPage
{
    /// <summary>The page.</summary>
    public static HtmlReport Build(DriftMetrics m)
    {
        var page = new HtmlReport($"Drift check: {m.Dataset}");
        page.KeyValues([("reference", m.ReferenceRun ?? m.Dataset), ("new data", m.NewData ?? "(none)"), ("embeddings", m.Model + " pooled features"),
            ("wall time", $"{m.WallSeconds:F1} s")]);
        if (m.Drift is { } d)
        {
            page.Heading($"Verdict: {d.Verdict}");
            page.Paragraph($"{d.NewCount} new items against {d.ReferenceCount} reference items, alpha {d.Options.Alpha}. The verdict is the MMD test " +
                           "of the whole embedding; KS and PSI read the reference's top principal components.");
            page.Table(["test", "statistic", "p-value", "flags drift"], [
                ["MMD² (RBF, median bandwidth)", d.Mmd.Statistic.ToString("F5"), d.Mmd.PValue.ToString("F3") + $" ({d.Mmd.Permutations} permutations)", d.Drift ? "yes" : "no"],
                [$"KS per component ({d.Options.Correction})", d.Components.Max(c => c.KsStatistic).ToString("F3") + " (max D)", d.KsMinAdjustedPValue.ToString("F3") + " (min corrected)", d.KsDrift ? "yes" : "no"],
                ["PSI per component", d.MaxPsi.ToString("F3") + " (max)", "n/a (0.1 / 0.25 thresholds)", d.PsiLevel.ToString().ToLowerInvariant()]]);
            page.Heading("Per component");
            page.Table(["component", "KS D", "p", "corrected p", "PSI"], d.Components.Select(c => (IReadOnlyList<string>)
                [c.Component.ToString(), c.KsStatistic.ToString("F3"), c.KsPValue.ToString("F4"), c.KsAdjustedPValue.ToString("F4"), c.Psi.ToString("F3")]));
        }
        if (m.Incremental is { } inc)
        {
            page.Heading("Incremental fine-tuning on the new data");
            page.Paragraph($"Bottleneck ({inc.Options.Hidden}) and head on frozen features; {inc.Options.Steps} steps at {inc.Options.LearningRate:G3}, " +
                           $"batch {inc.Options.BatchSize}, seed {inc.Options.Seed} for every method. Forgetting = old test accuracy lost.");
            page.Table(["method", "new accuracy", "old accuracy", "forgetting (pt)"], inc.Entries.Select(e => (IReadOnlyList<string>)
                [e.Method, e.NewAccuracy.ToString("P1"), e.OldAccuracy.ToString("P1"), (e.Forgetting * 100).ToString("+0.0;-0.0")]));
        }
        if (m.Power is { } p)
        {
            page.Heading("Power curve and false alarms");
            page.Paragraph($"Draws of {p.Options.SampleSize} from {p.PoolCount} held-out images against {p.ReferenceCount} clean training images; " +
                           $"{p.Options.Draws} draws per setting.");
            page.Table(["setting", "MMD flags", "KS flags", "PSI ≥ 0.25", "median MMD p"], new[] { p.FalseAlarm }.Concat(p.Points).Select(x => (IReadOnlyList<string>)
                [x.Severity == 0 ? "clean (false alarms)" : $"{x.Corruption} {x.Severity}", x.MmdRate.ToString("P0"), x.KsRate.ToString("P0"),
                 x.PsiSignificantRate.ToString("P0"), x.MedianMmdPValue.ToString("F3")]));
        }
        return page;
    }
}
