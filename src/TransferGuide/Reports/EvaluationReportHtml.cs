using System.Globalization;
using TransferGuide.Charts;
using TransferGuide.Evaluation;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>Lays out an <see cref="EvaluationOutcome"/> as an offline HTML report, one section per question.</summary>
internal static class EvaluationReportHtml
{
    public static HtmlReport Build(EvaluationOutcome o)
    {
        var s = o.Summary;
        var r = o.Predictions.Result;
        var report = new HtmlReport($"TransferGuide evaluation: {s.Dataset}, {s.Model}");
        string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        string Ci(ConfidenceInterval c) => $"{P(c.Value)} (95% CI {P(c.Lower)} to {P(c.Upper)})";
        var rows = new List<(string, string)>
        {
            ("checkpoint", s.Checkpoint), ("trained by", $"{s.Recipe} on {o.Header.Dataset}, {o.Header.Epoch} epoch(s)"),
            ("evaluated on", $"{s.Dataset}, split '{s.EvaluationSplit}', {s.EvaluationItems} images"),
            ("accuracy", Ci(s.Bootstrap.Accuracy)), ("balanced accuracy", P(s.BalancedAccuracy)), ("macro F1", Ci(s.Bootstrap.MacroF1)),
        };
        rows.AddRange(s.TopK.Skip(1).Select(kv => (kv.Key.Replace('_', '-') + " accuracy", P(kv.Value))));
        rows.Add((r.Classes.Count == 2 ? $"ROC AUC ({r.Classes[1]} vs {r.Classes[0]})" : "ROC AUC (one-vs-rest macro)", s.RocAuc?.ToString("F3") ?? "n/a"));
        rows.Add(("average precision", s.AveragePrecision?.ToString("F3") ?? "n/a"));
        rows.Add(("expected calibration error", s.Calibration.ExpectedCalibrationError.ToString("F3")));
        rows.Add(("misclassified", $"{s.Misclassified} of {s.EvaluationItems}"));
        rows.Add(("wall time", $"{s.WallSeconds:F1} s ({s.ImagesPerSecond:F1} images/s predicting)"));
        report.KeyValues(rows)
            .Paragraph($"Intervals come from {s.Bootstrap.Resamples} bootstrap resamples of the evaluated images: another test set of this size could " +
                       "plausibly give any value inside them. Differences smaller than the interval are not evidence of a better model.");

        if (o.Header.History.Epochs.Count > 0)
        {
            report.Heading("Training")
                .Paragraph("Curves as recorded in the checkpoint while it trained.")
                .Chart(TrainingCurves.Create(o.Header.History))
                .Chart(LearningRateChart.Create(o.Header.History));
        }

        report.Heading("Where it is right and wrong")
            .Chart(ConfusionMatrixChart.Create(r.ConfusionMatrix(), r.Classes, $"Confusion matrix ({s.EvaluationSplit})"))
            .Chart(ConfusionMatrixChart.Normalised(r.NormalisedConfusionMatrix(), r.Classes))
            .Table(["class", "precision", "recall (accuracy)", "F1", "support", "predicted"],
                s.Report.PerClass.Select(c => (IReadOnlyList<string>)[c.Class, P(c.Precision), P(c.Recall), P(c.F1), c.Support.ToString(), c.PredictedCount.ToString()])
                    .Append(["macro average", P(s.Report.MacroPrecision), P(s.Report.MacroRecall), P(s.Report.MacroF1), s.Report.Count.ToString(), ""])
                    .Append(["weighted average", P(s.Report.WeightedPrecision), P(s.Report.WeightedRecall), P(s.Report.WeightedF1), s.Report.Count.ToString(), ""]))
            .Chart(PerClassChart.Create(s.Report));

        report.Heading("Ranking and confidence")
            .Paragraph("ROC and precision-recall curves rank the images by each class's probability; the reliability diagram asks whether a " +
                       "90% confidence is right 90% of the time.")
            .Chart(RocChart.Create(r.Classes.Count == 2 ? [RocCurve.OneVsRest(r, 1)] : RocCurve.PerClass(r)))
            .Chart(PrecisionRecallChart.Create(r.Classes.Count == 2 ? [PrecisionRecallCurve.OneVsRest(r, 1)] : PrecisionRecallCurve.PerClass(r)))
            .Chart(ReliabilityChart.Create(s.Calibration));

        report.Heading("Error analysis");
        if (s.MostConfused.Count == 0) report.Paragraph("No class was confused with another.");
        else report.Table(["true class", "taken for", "times", "share of the class"],
            s.MostConfused.Take(10).Select(c => (IReadOnlyList<string>)[c.TrueClass, c.PredictedClass, c.Count.ToString(), P(c.FractionOfClass)]));
        report.Paragraph("Top losses: the images the model was most sure about and wrong (or least sure about and right). Look for label mistakes, " +
                         "odd crops and classes that share a background.")
            .Gallery(o.TopLossImages, 180)
            .Link(s.MisclassifiedCsv, $"{s.MisclassifiedCsv}: every misclassified image with its scores");

        report.Heading("Why: Grad-CAM")
            .Paragraph($"Red marks where the evidence for the predicted class lies, at {o.Localisation?.Layer ?? "layer4"} (its 7x7 grid is upsampled to the image, " +
                       "so maps are coarse). The first images are mistakes, the rest the most confident right answers.")
            .Gallery(o.GradCamImages, 200);
        if (o.Localisation is { } loc)
        {
            report.Heading("Does Grad-CAM land on the object?")
                .Paragraph(loc.Summary() + " White boxes were drawn by hand around the insect; each map explains the image's true class. " +
                           "A 7x7 map upsampled to 224 px spreads past small boxes, so the peak can sit on the insect while most of the mass does not.")
                .Table(["layer", "most mass in box", "peak in box", "mean mass in box", "uniform map would give"],
                    o.LocalisationByLayer.Select(l => (IReadOnlyList<string>)[l.Layer, $"{l.MajorityInside} of {l.Items.Count}", $"{l.PeakInside} of {l.Items.Count}",
                        P(l.MeanMassInBox), P(l.MeanBoxArea)]))
                .Paragraph($"Per image, at {loc.Layer}:")
                .Table(["image", "mass inside box", "box share of crop", "peak inside box"],
                    loc.Items.Select(i => (IReadOnlyList<string>)[Path.GetFileName(i.Path), P(i.MassInBox), P(i.BoxAreaFraction), i.PeakInBox ? "yes" : "no"]))
                .Gallery(loc.Items.Select(i => new GalleryImage(i.OverlayPng, $"{Path.GetFileName(i.Path)}: {i.MassInBox:P0} inside")), 200);
        }

        report.Heading("What the network sees")
            .Paragraph("First-layer filters: 64 colour and edge detectors learnt on ImageNet.")
            .Gallery([new GalleryImage(o.Filters, "conv1 filters (7x7, RGB)")], 400);
        if (o.FeatureMaps is { } maps) report.Gallery([maps], 680);

        report.Heading("Embedding of the features")
            .Paragraph($"The 512 pooled features of each image, projected to two dimensions. PCA keeps straight-line structure " +
                       $"({o.Pca.ExplainedVarianceRatio.Sum():P0} of the variance in two axes); t-SNE keeps neighbourhoods. Classes that separate here are easy for a linear head.")
            .Chart(EmbeddingChart.Create(o.Pca.Points, r.Labels, r.Classes, "PCA of features", Hover(r),
                ($"PC1 ({o.Pca.ExplainedVarianceRatio[0]:P0})", $"PC2 ({(o.Pca.ExplainedVarianceRatio.Length > 1 ? o.Pca.ExplainedVarianceRatio[1] : 0):P0})")));
        if (o.Tsne is { } tsne)
            report.Chart(EmbeddingChart.Create(tsne.Points, r.Labels, r.Classes, $"t-SNE of features (perplexity {tsne.Perplexity:0}, KL {tsne.KlDivergence:F2})", Hover(r)));

        if (o.Groups is { } g)
        {
            report.Heading("Fairness: metrics by group")
                .Paragraph(g.Summary())
                .Chart(GroupMetricsChart.Create(g, r.Classes))
                .Table(["group", "items", "accuracy", "balanced accuracy", "macro F1"],
                    g.Groups.Select(x => (IReadOnlyList<string>)[x.Group, x.Count.ToString(), P(x.Report.Accuracy), P(x.Report.BalancedAccuracy), P(x.Report.MacroF1)]))
                .Table(["metric", "class", "best group", "worst group", "gap"],
                    g.RecallGaps.Concat(g.PrecisionGaps).OrderByDescending(x => x.Gap).Take(10)
                        .Select(x => (IReadOnlyList<string>)[x.Metric, x.Class, $"{x.BestGroup} {P(x.BestValue)}", $"{x.WorstGroup} {P(x.WorstValue)}", P(x.Gap)]));
        }

        report.Heading("Skipped files");
        var skipped = o.Data.Report.Skipped;
        if (skipped.Count == 0) report.Paragraph("None: every file decoded.");
        else report.Table(["file", "reason"], skipped.Select(x => (IReadOnlyList<string>)[x.Path, x.Reason]));
        return report;
    }

    static List<string> Hover(ClassificationResult r) =>
        Enumerable.Range(0, r.Count).Select(i => $"{Path.GetFileName(r.Paths[i])}: predicted {r.Classes[r.Predicted[i]]} ({r.Probability(i, r.Predicted[i]):P0})").ToList();
}
