using TransferGuide.Charts;
using TransferGuide.Data.Text;
using TransferGuide.Evaluation;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>report.html of a text run: results, curves, confusion matrix, per-class precision/recall/F1 and the most confident mistakes, as text.</summary>
public static class TextRunReport
{
    /// <summary>Builds the report; <paramref name="texts"/> finds each evaluated item's text by its id (file:line).</summary>
    public static HtmlReport Build(TextRunMetrics m, MetricsHistory history, ClassificationResult evaluation, IReadOnlyList<TextExample> texts,
        IReadOnlyList<(string Label, double Value)>? learningCurve = null)
    {
        var classReport = ClassificationReport.From(evaluation);
        var report = new HtmlReport($"TransferGuide run: {m.Dataset}, {m.Model}")
            .KeyValues([
                ("dataset", m.Dataset), ("model", m.Model), ("recipe", m.Recipe),
                ($"accuracy ({m.EvaluationSplit})", $"{m.Accuracy:P1} ({evaluation.Labels.Where((l, i) => evaluation.Predicted[i] == l).Count()} of {evaluation.Count})"),
                ($"macro F1 ({m.EvaluationSplit})", m.MacroF1.ToString("F3")),
                ("validation accuracy", m.ValidationAccuracy is { } v ? $"{v:P1} ({m.ValidationSplit})" : "no validation split"),
                ("training texts", m.TrainItems + (m.LabelsPerClass is { } k ? $" ({k} per class)" : "")),
                ("tokenizer", $"lower-cased WordPiece, cut at {m.MaxTokens} tokens ({m.TruncatedTexts} texts cut)"),
                ("pooling", m.Pooling),
                ("layers trained", m.TrainedLayers == 0 ? "none (frozen encoder, linear head on cached sentence vectors)"
                    : $"top {m.TrainedLayers} and the head; the lower {m.CachedLayers} run once and cached ({m.CacheMegabytes:F0} MB, {m.CacheSeconds:F1} s)"),
                ("augmentation", m.Augmentation),
                ("wall time", $"{m.WallSeconds:F1} s (training {m.TrainSeconds:F1} s, {m.TrainTextsPerSecond:F1} texts/s)"),
                ("peak memory (RSS)", $"{m.PeakRssMegabytes:F0} MB"),
                ("threads", m.Threads.ToString()),
            ])
            .Heading("Training curves")
            .Paragraph("Held-out curves are for watching, not for choosing: nothing was tuned on the test split.")
            .Chart(TrainingCurves.Create(history))
            .Heading("Confusion matrix")
            .Chart(ConfusionMatrixChart.Create(evaluation.ConfusionMatrix(), evaluation.Classes, $"Confusion matrix ({m.EvaluationSplit})"))
            .Table(["class", "precision", "recall", "F1", "support"],
                classReport.PerClass.Select(c => (IReadOnlyList<string>)[c.Class, c.Precision.ToString("F3"), c.Recall.ToString("F3"), c.F1.ToString("F3"), c.Support.ToString()]));
        if (learningCurve is { Count: > 0 })
            report.Heading("Learning curve")
                .Paragraph("Test accuracy against training examples per class (nested subsets: each larger set holds the smaller ones).")
                .Chart(ResultsChart.Bars(learningCurve, $"{m.EvaluationSplit} accuracy", "Accuracy by labelled examples per class"));
        var mistakes = TextMistakes.Top(evaluation, texts);
        report.Heading("Most confident mistakes");
        if (mistakes.Count == 0) report.Paragraph("None: every text was classified correctly.");
        else report.Table(["text", "true", "predicted", "confidence", "where"], mistakes.Select(m => (IReadOnlyList<string>)[
            m.Text, m.True, m.Predicted, m.Confidence.ToString("P1"), m.Where]));
        return report;
    }
}
