using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.FewShot;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What <see cref="FewShotRecipe"/> runs.</summary>
/// <param name="Dataset">Catalog dataset, or null with <paramref name="DataDir"/>.</param>
/// <param name="DataDir">A folder of class folders; wins over <paramref name="Dataset"/>.</param>
/// <param name="FewShot">N, K values, episodes, queries, seed, methods.</param>
/// <param name="RunsRoot">Where run folders go.</param>
public sealed record FewShotRecipeOptions(string? Dataset = "oxford_flowers17", string? DataDir = null, FewShotOptions? FewShot = null, string RunsRoot = "runs");

/// <summary>A finished few-shot run.</summary>
/// <param name="Folder">The run folder (metrics.json, report.html).</param>
/// <param name="Data">The features used.</param>
/// <param name="Result">The benchmark's result.</param>
/// <param name="Metrics">What went into metrics.json.</param>
public sealed record FewShotRun(RunFolder Folder, FewShotData Data, FewShotResult Result, FewShotMetrics Metrics);

/// <summary>
/// <c>tg fewshot</c> in one call: frozen ResNet18 features of the whole dataset (cached), the default seeded class
/// split (<see cref="ClassSplit.Default"/>), <see cref="FewShotBenchmark"/>, and a run folder.
/// </summary>
public static class FewShotRecipe
{
    /// <summary>Why the options cannot run on <paramref name="data"/>, checked before any feature is extracted; null when they can.</summary>
    public static string? Problem(ImageDataset data, FewShotOptions options) =>
        options.Problem(data.Items.Select(i => i.Label).ToList(), ClassSplit.Default(data.Classes.Count, options.Seed));

    /// <summary>Runs the recipe on an already loaded dataset (or loads it).</summary>
    /// <exception cref="ArgumentException">The options cannot run on this dataset (<see cref="Problem"/>).</exception>
    public static FewShotRun Run(FewShotRecipeOptions options, ImageDataset? data = null, Action<string>? log = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var fewShot = options.FewShot ?? new FewShotOptions();
        data ??= Datasets.Load(options.DataDir == null ? options.Dataset : null, options.DataDir, new DatasetLoadOptions(AllowDownload: false, Log: log));
        if (Problem(data, fewShot) is { } problem) throw new ArgumentException(problem);
        var features = FewShotFeatures.Extract(data, FeatureCache.Default(), progress, cancel, log);
        var split = ClassSplit.Default(data.Classes.Count, fewShot.Seed);
        var result = FewShotBenchmark.Run(features.Features, split, fewShot, progress, cancel);
        var folder = RunFolder.Create(options.RunsRoot);
        var metrics = FewShotMetrics.For(features, result, clock.Elapsed.TotalSeconds);
        metrics.Save(folder.Metrics);
        FewShotReport.Build(features, result).Save(folder.Report);
        return new FewShotRun(folder, features, result, metrics);
    }
}
