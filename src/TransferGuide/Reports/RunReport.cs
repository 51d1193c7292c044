using TransferGuide.Charts;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>The layout of a run's report.html (quickstart and tg train): results, curves, confusion matrix, skipped files.</summary>
public static class RunReport
{
    /// <summary>The report of a feature-extraction run: results, curves, confusion matrix, skipped files.</summary>
    public static HtmlReport Build(RunMetrics m, MetricsHistory history, ClassificationResult evaluation, LoadReport loadReport)
    {
        var report = new HtmlReport($"TransferGuide run: {m.Dataset}, {m.Model}")
            .KeyValues([
                ("dataset", m.Dataset), ("model", m.Model), ("recipe", m.Recipe),
                ($"{(m.TestAccuracy != null ? "test accuracy" : "accuracy")} ({m.EvaluationSplit})", $"{m.Accuracy:P1} ({evaluation.Labels.Where((l, i) => evaluation.Predicted[i] == l).Count()} of {evaluation.Count}" +
                    (m.Tta != null ? $"; {m.Tta} test-time augmentation, {m.SingleViewAccuracy:P1} with the centre crop alone)" : ")")),
                ($"validation accuracy ({m.ValidationSplit ?? "none"})", m.ValAccuracy is { } va ? $"{va:P1} of {m.ValidationItems}, where every choice was made" +
                    (m.BestEpoch is { } best ? $"; epoch {best} kept" : "") + (m.BestEpochNote is { } note ? $" ({note})" : "") : "not measured"),
                ("training images", m.TrainItems.ToString()), ("wall time", $"{m.WallSeconds:F1} s"),
                ("images per second (whole run)", $"{m.ImagesPerSecond:F1}"),
                ("feature extraction", m.FeaturesCached ? "read from cache" : $"{m.FeatureSeconds:F1} s, {m.ExtractionImagesPerSecond:F1} images/s"),
                ("head training", $"{m.Epochs} epochs, {m.TrainSeconds:F1} s"),
                ("threads", m.Threads.ToString()),
            ])
            .Heading("Training curves")
            .Paragraph("The held-out curves are validation: the best epoch is chosen there. The test split is read once, at the end.")
            .Paragraph((m.Recipe == RunMetrics.FeatureExtractionRecipe
                ? "The backbone is frozen; only the new linear head learns. "
                : "First the new head alone, then every layer at small, discriminative learning rates (one-cycle). ") +
                "Nothing was tuned on the test split.")
            .Chart(TrainingCurves.Create(history));
        if (m.Candidates is { Count: > 0 } candidates)
            report.Heading("Recipes compared (--recipe auto)")
                .Paragraph("Each recipe ran on the same split; the higher validation accuracy was kept. Test accuracy is shown, never used to choose.")
                .Table(["recipe", "validation", "test", "wall time", "kept"], candidates.Select(c => (IReadOnlyList<string>)
                    [c.Recipe, c.ValAccuracy.ToString("P1"), c.TestAccuracy is { } t ? t.ToString("P1") : "no test split", $"{c.WallSeconds:F0} s", c.Kept ? "yes" : ""]));
        report.Heading("Confusion matrix")
            .Chart(ConfusionMatrixChart.Create(evaluation.ConfusionMatrix(), evaluation.Classes, $"Confusion matrix ({m.EvaluationSplit})"))
            .Table(["class", "accuracy"], m.PerClassAccuracy.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value is { } v ? v.ToString("P1") : "no items"]));
        report.Heading("Skipped files");
        var skipped = loadReport.Skipped;
        if (skipped.Count == 0) report.Paragraph("None: every file decoded.");
        else report.Table(["file", "reason"], skipped.Select(s => (IReadOnlyList<string>)[s.Path, s.Reason]));
        return report;
    }
}
