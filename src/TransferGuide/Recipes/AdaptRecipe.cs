using System.Diagnostics;
using TransferGuide.Adaptation;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What <see cref="AdaptRecipe"/> compares.</summary>
/// <param name="Source">Labelled source: a catalog dataset, used when <paramref name="SourceData"/> is null.</param>
/// <param name="SourceData">Labelled source: a folder of class folders.</param>
/// <param name="Target">Unlabelled target: a catalog dataset, used when <paramref name="TargetData"/> is null.</param>
/// <param name="TargetData">Unlabelled target: a folder of class folders (e.g. written by <c>tg data corrupt</c>).</param>
/// <param name="Methods">Methods to compare; null for none, CORAL and DANN.</param>
/// <param name="Seeds">Seeds; every method runs with each. Null for 1, 2, 3.</param>
/// <param name="Head">Head options shared by every method (the seed is replaced per run).</param>
/// <param name="PerClass">Quick mode: at most this many images per class in each part of each domain; null for all.</param>
/// <param name="RunsRoot">Where the run folder goes.</param>
/// <param name="FeatureCacheFolder">Where features are cached; null for the user cache.</param>
/// <param name="MaxPixels">Images over this many pixels are skipped and named.</param>
public sealed record AdaptOptions(string? Source = "oxford_flowers17", string? SourceData = null, string? Target = null, string? TargetData = null,
    IReadOnlyList<AdaptationMethod>? Methods = null, IReadOnlyList<int>? Seeds = null, AdaptationOptions? Head = null, int? PerClass = null,
    string RunsRoot = "runs", string? FeatureCacheFolder = null, long MaxPixels = TransferGuide.Data.ImageDecoder.DefaultMaxPixels);

/// <summary>A finished adaptation run.</summary>
/// <param name="Folder">The run folder (metrics.json, report.html).</param>
/// <param name="Metrics">What went into metrics.json.</param>
/// <param name="Summary">Every method over every seed.</param>
public sealed record AdaptResult(RunFolder Folder, AdaptRunMetrics Metrics, AdaptationSummary Summary);

/// <summary>Thrown when the source and target domains cannot be compared (different classes); the message names both.</summary>
public sealed class DomainMismatchException(string message) : ArgumentException(message);

/// <summary>
/// Domain adaptation in one call: frozen ResNet18 features of a labelled source and an unlabelled target (cached), every
/// method with every seed on the same features (<see cref="DomainAdaptation.CompareSeeds"/>), and a run folder with
/// metrics.json and report.html.
/// </summary>
public static class AdaptRecipe
{
    /// <summary>The recipe id in metrics.json.</summary>
    public const string RecipeId = "domain-adaptation";

    /// <summary>Runs the comparison.</summary>
    public static AdaptResult Run(AdaptOptions options, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        if (options.Target == null && options.TargetData == null)
            throw new ArgumentException("Name the target domain: a catalog dataset (Target, --target) or a folder (TargetData, --target-data).", nameof(options));
        var head = options.Head ?? new AdaptationOptions();
        head.Validate();
        var seeds = options.Seeds ?? [1, 2, 3];
        var clock = Stopwatch.StartNew();
        var cache = options.FeatureCacheFolder == null ? FeatureCache.Default() : new FeatureCache(options.FeatureCacheFolder);
        // The class lists are compared before any feature is extracted, so a mismatch costs a file listing, not minutes.
        var loading = new TransferGuide.Data.DatasetLoadOptions(options.MaxPixels, AllowDownload: false);
        CheckSameClasses(TransferGuide.Data.Datasets.Load(options.Source, options.SourceData, loading),
            TransferGuide.Data.Datasets.Load(options.Target, options.TargetData, loading));
        var source = DomainFeatures.Load(options.Source, options.SourceData, options.PerClass, cache: cache, maxPixels: options.MaxPixels, progress: progress, cancel: cancel);
        var target = DomainFeatures.Load(options.Target, options.TargetData, options.PerClass, cache: cache, maxPixels: options.MaxPixels, progress: progress, cancel: cancel);
        double featureSeconds = clock.Elapsed.TotalSeconds;
        progress.Log?.Invoke($"source {source.Name}: {source.Train.Count} training, {source.Valid.Count} validation rows; " +
                             $"target {target.Name}: {target.Unlabelled.Count} unlabelled rows, {target.Test.Count} {target.TestName} rows to report");

        var summary = DomainAdaptation.CompareSeeds(source.Train, source.Valid, target.Unlabelled, target.Test, seeds, options.Methods, head, progress.Log, cancel);
        var folder = RunFolder.Create(options.RunsRoot);
        int rows = source.Unlabelled.Count + target.Unlabelled.Count + target.Test.Count;
        var metrics = new AdaptRunMetrics
        {
            Dataset = source.Name,
            Model = Models.ModelZoo.ResNet18ImageNet,
            Recipe = RecipeId,
            Accuracy = summary.Methods[0].MeanTargetAccuracy,
            EvaluationSplit = $"{target.Name} {target.TestName}",
            EvaluationItems = target.Test.Count,
            Classes = source.Classes,
            SkippedFiles = source.Report.Skipped.Count + target.Report.Skipped.Count,
            WallSeconds = clock.Elapsed.TotalSeconds,
            ImagesPerSecond = rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9),
            SourceDataset = source.Name,
            TargetDataset = target.Name,
            SourceTrainItems = source.Train.Count,
            SourceValidItems = source.Valid.Count,
            TargetUnlabelledItems = target.Unlabelled.Count,
            Methods = summary.Methods.Select(AdaptMethodMetrics.Of).ToList(),
            Seeds = seeds,
            Options = head,
            PerClass = options.PerClass,
            FeatureSeconds = featureSeconds,
            FeaturesCached = !source.Extracted && !target.Extracted,
        };
        metrics.Save(folder.Metrics);
        AdaptRunReport.Build(metrics, summary).Save(folder.Report);
        return new AdaptResult(folder, metrics, summary);
    }

    static void CheckSameClasses(TransferGuide.Data.ImageDataset source, TransferGuide.Data.ImageDataset target)
    {
        if (source.Classes.SequenceEqual(target.Classes)) return;
        throw new DomainMismatchException($"The source {source.Name} and the target {target.Name} have different classes " +
            $"({string.Join(", ", source.Classes.Take(5))} against {string.Join(", ", target.Classes.Take(5))}): adaptation needs the same class folders in both.");
    }
}
