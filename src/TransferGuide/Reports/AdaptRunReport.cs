using TransferGuide.Adaptation;
using TransferGuide.Charts;

namespace TransferGuide.Reports;

/// <summary>report.html of <c>tg adapt</c>: what was compared, the table of methods with their gain over source only, and a bar chart.</summary>
public static class AdaptRunReport
{
    /// <summary>Lays out the page.</summary>
    public static HtmlReport Build(AdaptRunMetrics metrics, AdaptationSummary summary)
    {
        var report = new HtmlReport($"Domain adaptation: {metrics.SourceDataset} → {metrics.TargetDataset}");
        report.Paragraph("A head on frozen ResNet18 ImageNet features is trained on the labelled source and applied to the target. " +
                         "Target labels are read only to report the target accuracy; no choice was made on them. " +
                         "Every method uses the same head, options and seeds; 'none' (source only) is the baseline.");
        report.KeyValues([
            ("source (labelled)", $"{metrics.SourceDataset}: {metrics.SourceTrainItems} training, {metrics.SourceValidItems} validation rows"),
            ("target (unlabelled)", $"{metrics.TargetDataset}: {metrics.TargetUnlabelledItems} rows to adapt to, {metrics.EvaluationItems} rows reported ({metrics.EvaluationSplit})"),
            ("seeds", string.Join(", ", metrics.Seeds)),
            ("head", metrics.Options is { } o ? $"{o.Epochs} epochs, AdamW lr {o.LearningRate:G3}, bottleneck {o.Bottleneck}; DANN lambda up to {o.DannWeight:G3}; CORAL regularization {o.CoralRegularization:G3}" : ""),
            ("quick mode", metrics.PerClass is { } n ? $"{n} images per class and part" : "off (every image)"),
            ("wall time", $"{metrics.WallSeconds:F1} s (features {metrics.FeatureSeconds:F1} s{(metrics.FeaturesCached ? ", from the cache" : "")})"),
        ]);
        report.Heading("Methods");
        report.Table(["method", "target accuracy", "± (half range)", "gain over none", "better than none on", "source validation", "domain classifier"],
            metrics.Methods.Select(m => (IReadOnlyList<string>)[
                m.Method, $"{m.TargetAccuracy:P1}", $"{m.TargetSpread * 100:F1} pts",
                m.Method == "none" ? "baseline" : m.GainOverNone is { } g ? $"{g * 100:+0.0;-0.0;0.0} pts" : "n/a",
                m.Method == "none" ? "" : $"{m.SeedsBeatingNone}/{m.TargetAccuracies.Count} seeds",
                $"{m.SourceValidAccuracy:P1}", m.DomainAccuracy is { } d ? $"{d:P0}" : ""]));
        report.Chart(ResultsChart.Bars(metrics.Methods.Select(m => (m.Method, m.TargetAccuracy)), "target accuracy", "Target accuracy per method (mean over seeds)"));
        report.Heading("Per seed");
        report.Table(["seed", .. summary.Methods.Select(m => m.Name)],
            summary.Runs.Select(run => (IReadOnlyList<string>)[run.Seed.ToString(), .. run.Results.Select(r => $"{r.TargetAccuracy:P1}")]));
        report.Paragraph("A domain classifier near 50% cannot tell source from target features: DANN's aim. A method whose gain is " +
                         "within the spread over seeds has not shown that it helps.");
        return report;
    }
}
