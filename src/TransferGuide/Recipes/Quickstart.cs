using System.Diagnostics;
using TransferGuide.Charts;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Everything a finished run produced.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Metrics">What went into metrics.json.</param>
/// <param name="Evaluation">Held-out predictions.</param>
/// <param name="History">Per-epoch metrics.</param>
/// <param name="Data">The dataset as loaded (with its load report).</param>
public sealed record RunResult(RunFolder Folder, RunMetrics Metrics, ClassificationResult Evaluation, MetricsHistory History, ImageDataset Data)
{
    /// <summary>How every recipe ends: metrics.json and report.html written into the run folder, and the result.</summary>
    public static RunResult Write(RunFolder folder, RunMetrics metrics, ClassificationResult evaluation, MetricsHistory history, ImageDataset data)
    {
        metrics.Save(folder.Metrics);
        RunReport.Build(metrics, history, evaluation, data.Report).Save(folder.Report);
        return new RunResult(folder, metrics, evaluation, history, data);
    }
}

/// <summary>
/// The one-call default: pretrained ResNet18 as a frozen feature extractor, a new linear head trained on
/// cached features, evaluation on the held-out split, and a run folder with metrics.json, report.html
/// and a checkpoint.
/// </summary>
public static class Quickstart
{
    /// <summary>The recipe id written into metrics and checkpoints.</summary>
    public const string RecipeId = RunMetrics.FeatureExtractionRecipe;

    /// <summary>Runs the recipe.</summary>
    public static RunResult Run(QuickstartOptions? options = null, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        options ??= new QuickstartOptions();
        progress ??= new RecipeProgress();
        var head = options.Head ?? new HeadOptions(Seed: options.Seed);
        var clock = Stopwatch.StartNew();
        var torchStatus = TorchRuntime.EnsureLoaded();

        var data = Datasets.Load(options.Dataset, options.DataDir, new DatasetLoadOptions(options.MaxPixels, Log: progress.Log));
        var splits = StratifiedSplit.ForTraining(data, options.Seed, options.ValidFraction);
        progress.Log?.Invoke($"{data.Name}: {data.Classes.Count} classes; {splits.Describe()}" +
                             (data.Report.Skipped.Count > 0 ? $"; {data.Report.Skipped.Count} file(s) skipped" : ""));

        var spec = ModelZoo.Spec(options.Model);
        using var model = ModelZoo.Create(spec.Id, data.Classes.Count);
        var cache = options.FeatureCacheFolder switch
        {
            null => FeatureCache.Default(),
            "" => null,
            var path => new FeatureCache(path),
        };
        var weightsId = WeightsId(spec);

        var featureClock = Stopwatch.StartNew();
        var extractRates = new List<double>();
        var work = new ActionProgress<WorkProgress>(p => { if (p.ItemsPerSecond > 0) extractRates.Add(p.ItemsPerSecond); });
        var relay = new RelayProgress<WorkProgress>(progress.Work, work);
        FeatureSet Features(IReadOnlyList<DataItem> items, string split) =>
            FeatureExtractor.Extract(model, weightsId, spec.Preprocessing, items, data.Report, cache, split, options.BatchSize, relay, cancel);
        var trainFeatures = Features(splits.Train, "train");
        var validFeatures = Features(splits.Valid, splits.ValidName);
        var testFeatures = splits.HasTest ? Features(splits.Test, splits.TestName) : null;
        double featureSeconds = featureClock.Elapsed.TotalSeconds;
        bool cached = extractRates.Count == 0;

        var headClock = Stopwatch.StartNew();
        var history = HeadTrainer.Train(model, trainFeatures, validFeatures, head, progress.Epochs, cancel);
        double headSeconds = headClock.Elapsed.TotalSeconds;

        ClassificationResult Result(FeatureSet set) => new(data.Classes, set.Labels, HeadTrainer.PredictProbabilities(model, set), set.Paths);
        var validation = Result(validFeatures);
        // The test split is read here, once, after everything is decided.
        var evaluation = testFeatures != null ? Result(testFeatures) : validation;
        var folder = RunFolder.Create(options.RunsRoot);
        Checkpoint.Save(folder.Checkpoint, model, new CheckpointHeader
        {
            Architecture = spec.Id,
            Classes = data.Classes,
            Preprocessing = spec.Preprocessing,
            Recipe = RecipeId,
            Dataset = data.Name,
            Epoch = history.Epochs.Count,
            Step = history.Epochs.Count * (long)Math.Ceiling(trainFeatures.Count / (double)head.BatchSize),
            History = history,
        });

        int images = trainFeatures.Count + validFeatures.Count + (testFeatures?.Count ?? 0);
        var metrics = RunMetrics.For(RecipeId, spec.Id, data, evaluation, splits.FinalName, history, trainFeatures.Count, images,
            clock.Elapsed.TotalSeconds, headSeconds, options.Seed, torchStatus.Threads).WithSplits(
            validation.Accuracy, splits.ValidName, validation.Count, testFeatures != null ? evaluation.Accuracy : null) with
        {
            ExtractionImagesPerSecond = cached ? null : images / featureSeconds,
            FeatureSeconds = featureSeconds,
            FeaturesCached = cached,
        };
        return RunResult.Write(folder, metrics, evaluation, history, data);
    }

    /// <summary>Identifies the pretrained weights a feature cache entry was made with (model id, file size and time).</summary>
    public static string WeightsId(ModelSpec spec)
        => PretrainedWeights.CacheId(spec);

    /// <summary>Sends each report to two listeners.</summary>
    sealed class RelayProgress<T>(IProgress<T>? first, IProgress<T>? second) : IProgress<T>
    {
        public void Report(T value) { first?.Report(value); second?.Report(value); }
    }
}
