using System.Diagnostics;
using TransferGuide.Charts;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Evaluation.Interpretability;
using TransferGuide.Models;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="EvaluationReport"/>.</summary>
/// <param name="Split">Split to evaluate; null picks the one a learner reports (<see cref="Learner.SplitFor(ImageDataset, int)"/>): the test split when there is one.</param>
/// <param name="GroupsCsv">CSV of item,group for per-group (fairness) metrics.</param>
/// <param name="BoxesTsv">TSV of hand-drawn boxes for the Grad-CAM check; null uses the boxes shipped for the dataset, if any.</param>
/// <param name="GradCamLayer">Layer for Grad-CAM.</param>
/// <param name="GradCamImages">Images in the Grad-CAM gallery (half highest-loss, half most confident right).</param>
/// <param name="TopLosses">Images in the top-losses gallery.</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="BootstrapResamples">Bootstrap resamples.</param>
/// <param name="Seed">Seed for bootstrap, t-SNE and the fallback split.</param>
/// <param name="Tsne">Draw a t-SNE map (exact, O(N²): skipped above <paramref name="TsneMaxItems"/> items).</param>
/// <param name="TsneMaxItems">Largest set t-SNE runs on.</param>
/// <param name="CompareLayers">Further layers the box check runs at, for comparison; null: the last convolution and layer3.</param>
public sealed record EvaluationOptions(
    string? Split = null, string? GroupsCsv = null, string? BoxesTsv = null, string GradCamLayer = GradCam.DefaultLayer,
    int GradCamImages = 8, int TopLosses = 12, int BatchSize = 32, int BootstrapResamples = 1000, int Seed = 42,
    bool Tsne = true, int TsneMaxItems = 1500, IReadOnlyList<string>? CompareLayers = null);

/// <summary>
/// The evaluation of a trained model on labelled data, as <c>tg evaluate</c> and notebooks produce it: metrics,
/// error analysis, interpretability and fairness, written as <c>report.html</c>, <c>metrics.json</c> and
/// <c>misclassified.csv</c>.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Loads <paramref name="checkpoint"/>, evaluates it on <paramref name="data"/> and writes the three files into <paramref name="outputFolder"/>.</summary>
    /// <exception cref="CheckpointException">The checkpoint is unreadable, or its classes differ from the data's.</exception>
    public static EvaluationOutcome Run(string checkpoint, ImageDataset data, string outputFolder, EvaluationOptions? options = null,
        Action<string>? log = null, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var header = Checkpoint.ReadHeader(checkpoint);
        CheckClasses(checkpoint, header.Classes, data);
        var (loaded, _, _) = Checkpoint.Load(checkpoint);
        using (loaded)
        {
            // Grad-CAM, filters and feature maps read ResNet layers by name; other zoo models are not covered yet.
            if (loaded is not ResNet model)
                throw new CheckpointException($"{checkpoint} holds a {header.Architecture}; the evaluation report covers ResNet checkpoints only so far. " +
                                              "Evaluate it in code with Learner.Evaluate() and the Evaluation classes.");
            var outcome = Evaluate(model, header, data, Path.GetFullPath(checkpoint), options, log, progress, cancel);
            Write(outcome, outputFolder);
            return outcome;
        }
    }

    /// <summary>Throws a <see cref="CheckpointException"/> naming both class lists when they differ.</summary>
    public static void CheckClasses(string checkpoint, IReadOnlyList<string> modelClasses, ImageDataset data)
    {
        if (modelClasses.SequenceEqual(data.Classes)) return;
        var onlyModel = modelClasses.Except(data.Classes).ToList();
        var onlyData = data.Classes.Except(modelClasses).ToList();
        var detail = onlyModel.Count == 0 && onlyData.Count == 0
            ? "the same names in a different order"
            : string.Join("; ", new[]
            {
                onlyModel.Count > 0 ? $"only the checkpoint has {string.Join(", ", onlyModel)}" : null,
                onlyData.Count > 0 ? $"only the data has {string.Join(", ", onlyData)}" : null,
            }.Where(s => s != null));
        throw new CheckpointException(
            $"{checkpoint} was trained on {modelClasses.Count} classes ({string.Join(", ", modelClasses)}) but {data.Root} has {data.Classes.Count} " +
            $"({string.Join(", ", data.Classes)}): {detail}. Evaluate on data with the same class folders, or train a model on this data first.");
    }

    /// <summary>Computes everything for an already loaded model.</summary>
    public static EvaluationOutcome Evaluate(ResNet model, CheckpointHeader header, ImageDataset data, string checkpointName,
        EvaluationOptions? options = null, Action<string>? log = null, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        options ??= new EvaluationOptions();
        CheckClasses(checkpointName, header.Classes, data);
        var clock = Stopwatch.StartNew();
        var (items, split) = ItemsFor(data, options);
        if (items.Count == 0) throw new ArgumentException($"{data.Root} has no items in split '{split}'. Pick another with --split (it has {string.Join(", ", data.Splits)}).");
        var p = header.Preprocessing;
        log?.Invoke($"evaluating {checkpointName} on {items.Count} {split} images of {data.Name}");

        var predictClock = Stopwatch.StartNew();
        var predictions = Predictor.Predict(model, header.Classes, items, p, data.Report, options.BatchSize, progress, cancel, header.Architecture);
        double predictSeconds = predictClock.Elapsed.TotalSeconds;
        var r = predictions.Result;
        var report = ClassificationReport.From(r);
        var rocs = RocCurve.PerClass(r);
        var prs = PrecisionRecallCurve.PerClass(r);
        var calibration = Calibration.From(r);
        var bootstrap = Bootstrap.Metrics(r, options.BootstrapResamples, seed: options.Seed);
        var topLosses = ErrorAnalysis.TopLosses(r, options.TopLosses);

        log?.Invoke("drawing galleries and Grad-CAM maps");
        var lossImages = topLosses.Select(t => new GalleryImage(Crop(t.Path, p),
            $"{Path.GetFileName(t.Path)}: true {t.TrueClass}, predicted {t.PredictedClass} ({t.PredictedProbability:P0}), loss {t.Loss:F2}")).ToList();
        var camImages = GradCamGallery(model, r, p, options, cancel);

        LocalisationResult? localisation = null;
        var byLayer = new List<LocalisationResult>();
        var boxes = options.BoxesTsv != null ? BoxAnnotations.Load(options.BoxesTsv) : BoxAnnotations.Bundled(data.Name);
        if (boxes != null)
        {
            var present = boxes.Where(b => File.Exists(Path.IsPathRooted(b.Path) ? b.Path : Path.Combine(data.Root, b.Path))).ToList();
            if (options.BoxesTsv != null || present.Count > 0)
            {
                var layers = new[] { options.GradCamLayer }.Concat(options.CompareLayers ?? [model.LastConvLayer, "layer3"]).Distinct();
                foreach (var layer in layers)
                    byLayer.Add(LocalisationCheck.Run(model, p, header.Classes, options.BoxesTsv != null ? boxes : present, data.Root, layer));
                localisation = byLayer[0];
            }
        }

        GroupMetrics? groups = null;
        if (options.GroupsCsv != null)
            groups = GroupMetrics.Compute(r, GroupAssignments.Load(options.GroupsCsv), data.Root);

        using var filters = FeatureViews.FirstLayerFilters(model, p.IsBgr);
        GalleryImage? maps = null;
        if (r.Count > 0)
        {
            using var first = PreparedImage.Load(r.Paths[0], p);
            using var grid = FeatureViews.FeatureMaps(model, first, "layer2");
            maps = new GalleryImage(HeatmapOverlay.ToDataUri(grid), $"The 16 most active of layer2's 128 channels for {Path.GetFileName(r.Paths[0])}");
        }

        log?.Invoke("projecting features (PCA, t-SNE)");
        var pca = Pca.Fit(predictions.Features, r.Count, predictions.FeatureSize, 2);
        TsneResult? tsne = null;
        if (options.Tsne && r.Count >= 8 && r.Count <= options.TsneMaxItems)
        {
            // t-SNE on the top 50 principal components, as is usual: faster, and less noise in the distances.
            var reduced = Pca.Fit(predictions.Features, r.Count, predictions.FeatureSize, Math.Min(50, r.Count));
            tsne = TransferGuide.Evaluation.Interpretability.Tsne.Embed(reduced.Points.Select(v => (float)v).ToArray(), r.Count, reduced.Components,
                new TsneOptions(Perplexity: Math.Min(30, (r.Count - 1) / 3), Seed: options.Seed));
        }

        var summary = Summarise(header, data, split, checkpointName, r, report, rocs, prs, calibration, bootstrap, topLosses, groups, byLayer,
            options, pca, tsne, clock.Elapsed.TotalSeconds, r.Count / Math.Max(1e-9, predictSeconds));
        return new EvaluationOutcome(header, data, split, predictions, summary, lossImages, camImages, localisation, byLayer, groups,
            HeatmapOverlay.ToDataUri(filters), maps, pca, tsne);
    }

    /// <summary>Writes report.html, metrics.json and misclassified.csv into <paramref name="folder"/>.</summary>
    public static void Write(EvaluationOutcome outcome, string folder)
    {
        Directory.CreateDirectory(folder);
        ErrorAnalysis.ExportMisclassified(outcome.Predictions.Result, Path.Combine(folder, outcome.Summary.MisclassifiedCsv));
        outcome.Summary.Save(Path.Combine(folder, "metrics.json"));
        ToHtml(outcome).Save(Path.Combine(folder, "report.html"));
    }

    /// <summary>The report.</summary>
    public static HtmlReport ToHtml(EvaluationOutcome outcome) => EvaluationReportHtml.Build(outcome);

    static (IReadOnlyList<DataItem> Items, string Split) ItemsFor(ImageDataset data, EvaluationOptions options)
    {
        if (options.Split is { } wanted)
        {
            if (wanted == "all") return (data.Items, "all");
            if (!data.Splits.Contains(wanted))
                throw new ArgumentException($"{data.Root} has no split '{wanted}'. It has: {string.Join(", ", data.Splits)} (or use 'all').");
            return (data.Split(wanted), wanted);
        }
        var (_, valid, name) = Learner.SplitFor(data, options.Seed);
        return (valid, name);
    }

    static string Crop(string path, Preprocessing p)
    {
        using var image = PreparedImage.Load(path, p);
        return HeatmapOverlay.ToDataUri(image.Crop);
    }

    static List<GalleryImage> GradCamGallery(ResNet model, ClassificationResult r, Preprocessing p, EvaluationOptions options, CancellationToken cancel)
    {
        int half = options.GradCamImages / 2;
        var wrong = ErrorAnalysis.TopLosses(r, r.Count).Where(t => t.TrueClass != t.PredictedClass).Take(half).Select(t => t.Index);
        var right = Enumerable.Range(0, r.Count).Where(r.IsCorrect).OrderByDescending(i => r.Probability(i, r.Predicted[i])).ThenBy(i => i);
        var chosen = wrong.Concat(right).Distinct().Take(options.GradCamImages).ToList();
        var gallery = new List<GalleryImage>();
        foreach (var i in chosen)
        {
            cancel.ThrowIfCancellationRequested();
            using var image = PreparedImage.Load(r.Paths[i], p);
            var cam = GradCam.Compute(model, image, r.Predicted[i], options.GradCamLayer);
            using var overlay = HeatmapOverlay.Overlay(image.Crop, cam.Map, cam.Size);
            string verdict = r.IsCorrect(i) ? "right" : $"wrong, true {r.Classes[r.Labels[i]]}";
            gallery.Add(new GalleryImage(HeatmapOverlay.ToDataUri(overlay),
                $"{Path.GetFileName(r.Paths[i])}: evidence for {r.Classes[r.Predicted[i]]} ({r.Probability(i, r.Predicted[i]):P0}, {verdict})"));
        }
        return gallery;
    }

    static EvaluationSummary Summarise(CheckpointHeader header, ImageDataset data, string split, string checkpoint, ClassificationResult r,
        ClassificationReport report, IReadOnlyList<RocCurve> rocs, IReadOnlyList<PrecisionRecallCurve> prs, Calibration calibration,
        BootstrapResult bootstrap, IReadOnlyList<LossItem> topLosses, GroupMetrics? groups, IReadOnlyList<LocalisationResult> byLayer,
        EvaluationOptions options, PcaResult pca, TsneResult? tsne, double seconds, double imagesPerSecond)
    {
        int n = r.Classes.Count;
        var cm = r.ConfusionMatrix();
        var norm = r.NormalisedConfusionMatrix();
        return new EvaluationSummary
        {
            Dataset = data.Name, Model = header.Architecture, Recipe = header.Recipe, Checkpoint = checkpoint,
            EvaluationSplit = split, EvaluationItems = r.Count, Classes = r.Classes,
            Accuracy = report.Accuracy, BalancedAccuracy = report.BalancedAccuracy,
            TopK = Enumerable.Range(1, Math.Min(5, n)).ToDictionary(k => $"top_{k}", r.TopKAccuracy),
            Report = report,
            ConfusionMatrix = Enumerable.Range(0, n).Select(t => Enumerable.Range(0, n).Select(pr => cm[t, pr]).ToArray()).ToArray(),
            ConfusionMatrixNormalised = Enumerable.Range(0, n).Select(t => Enumerable.Range(0, n).Select(pr => norm[t, pr]).ToArray()).ToArray(),
            RocAuc = RocCurve.MacroAuc(r), RocAucPerClass = rocs.ToDictionary(c => c.Class, c => c.Auc),
            AveragePrecision = PrecisionRecallCurve.MacroAveragePrecision(r), AveragePrecisionPerClass = prs.ToDictionary(c => c.Class, c => c.AveragePrecision),
            Calibration = calibration, Bootstrap = bootstrap,
            MostConfused = ErrorAnalysis.MostConfused(r), TopLosses = topLosses,
            Misclassified = Enumerable.Range(0, r.Count).Count(i => !r.IsCorrect(i)), MisclassifiedCsv = "misclassified.csv",
            Groups = groups == null ? null : new GroupSummary(options.GroupsCsv!,
                groups.Groups.Select(g => new GroupRow(g.Group, g.Count, g.Report.Accuracy, g.Report.BalancedAccuracy, g.Report.MacroF1,
                    g.Report.PerClass.ToDictionary(c => c.Class, c => c.Recall), g.Report.PerClass.ToDictionary(c => c.Class, c => c.Precision))).ToList(),
                groups.RecallGaps, groups.PrecisionGaps, groups.Summary(), groups.Ungrouped, groups.UnmatchedItems),
            GradCamLocalisation = byLayer.Select(l => new LocalisationSummary(l.Layer, l.Items.Count,
                l.MajorityInside, l.PeakInside, l.MeanMassInBox, l.MeanBoxArea,
                l.Items.Select(i => new LocalisationImage(i.Path, i.MassInBox, i.BoxAreaFraction, i.PeakInBox)).ToList())).ToList(),
            PcaExplainedVariance = pca.ExplainedVarianceRatio,
            TsneKlDivergence = tsne?.KlDivergence,
            SkippedFiles = data.Report.Skipped.Count,
            WallSeconds = seconds, ImagesPerSecond = imagesPerSecond,
        };
    }
}
