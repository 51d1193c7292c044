using System.Diagnostics;
using System.Text.Json;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Monitoring;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What <see cref="DriftRecipe"/> compares.</summary>
/// <param name="ReferenceRun">A run folder (or its model.tgck): the reference is that run's training data.</param>
/// <param name="ReferenceData">Catalog dataset name or class-folder tree as the reference, when there is no run folder.</param>
/// <param name="NewData">The new images (a class-folder tree, as every --data takes); null with only <paramref name="Power"/>.</param>
/// <param name="MaxNew">New images embedded at most (a seeded subsample).</param>
/// <param name="Drift">The tests' options.</param>
/// <param name="Incremental">Also compare naive, rehearsal and LwF updates on the new data (its labels are used).</param>
/// <param name="IncrementalOptions">Their options.</param>
/// <param name="Power">Also measure the power curve and false-alarm rate on the reference dataset; null skips it.</param>
/// <param name="RunsRoot">Where the run folder goes.</param>
public sealed record DriftRunOptions(string? ReferenceRun = null, string? ReferenceData = null, string? NewData = null, int MaxNew = 300,
    DriftOptions? Drift = null, bool Incremental = false, IncrementalOptions? IncrementalOptions = null, PowerOptions? Power = null,
    string RunsRoot = "runs");

/// <summary>metrics.json of a drift run.</summary>
/// <param name="Dataset">The reference dataset.</param>
/// <param name="ReferenceRun">The run folder named, if any.</param>
/// <param name="NewData">The new data folder, if any.</param>
/// <param name="Model">The backbone of the embeddings.</param>
/// <param name="Verdict">"drift" or "no drift" (the MMD test); null without new data.</param>
/// <param name="Drift">The tests.</param>
/// <param name="PsiLevel">Reading of the largest PSI.</param>
/// <param name="Incremental">The update comparison, if run.</param>
/// <param name="Power">The power curve, if measured.</param>
/// <param name="WallSeconds">Whole run.</param>
public sealed record DriftMetrics(string Dataset, string? ReferenceRun, string? NewData, string Model, string? Verdict, DriftReport? Drift, string? PsiLevel,
    IncrementalReport? Incremental, PowerCurveReport? Power, double WallSeconds)
{
    /// <summary>The recipe id.</summary>
    public string Recipe => "drift";
    /// <summary>UTC time the run finished.</summary>
    public DateTime FinishedUtc { get; init; } = DateTime.UtcNow;
}

/// <summary>What a drift run produced.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Metrics">What went into metrics.json.</param>
public sealed record DriftRunResult(RunFolder Folder, DriftMetrics Metrics);

/// <summary>
/// <c>tg drift</c>: embeds a run's training data and new data with the ImageNet ResNet18, tests for drift
/// (<see cref="DriftCheck"/>), optionally compares incremental updates and measures the tests' power, and writes a run
/// folder with metrics.json and report.html.
/// </summary>
public static class DriftRecipe
{
    /// <summary>Runs it; <paramref name="log"/> receives progress lines.</summary>
    /// <exception cref="ArgumentException">The run folder, its checkpoint or a dataset cannot be used (the message says which and what to pass).</exception>
    public static DriftRunResult Run(DriftRunOptions options, Action<string>? log = null, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var (reference, seed) = ResolveReference(options);
        if (options.NewData == null && options.Power == null)
            throw new ArgumentException("Pass --data DIR (the new images to test), or --power to measure the tests on the reference dataset.");
        if (options.NewData != null && !Directory.Exists(options.NewData))
            throw new ArgumentException($"--data {Path.GetFullPath(options.NewData)} does not exist. Pass a folder of new images (class folders, as tg train takes).");
        RunFolder.CheckWritable(options.RunsRoot);
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var driftOptions = (options.Drift ?? new DriftOptions(Seed: seed)).Checked();

        DriftReport? drift = null;
        string dataset = reference;
        if (options.NewData != null)
        {
            var refData = Datasets.Load(reference, new DatasetLoadOptions(AllowDownload: false));
            dataset = refData.Name;
            using var backbone = Embeddings.CreateBackbone();
            var refSet = Embeddings.Of(StratifiedSplit.ForTraining(refData, seed).Train, refData.Report, "reference", progress: progress, cancel: cancel, backbone: backbone);
            var newData = Datasets.Load(options.NewData, new DatasetLoadOptions(AllowDownload: false));
            var newItems = DriftCheck.Subsample(newData.Items, options.MaxNew, new Random(seed));
            var newSet = Embeddings.Of(newItems, newData.Report, "new data", progress: progress, cancel: cancel, backbone: backbone);
            drift = DriftCheck.Compare(refSet, newSet, driftOptions);
            log?.Invoke(drift.Describe());
        }
        IncrementalReport? incremental = null;
        if (options.Incremental && options.NewData != null)
            incremental = IncrementalFineTune.Compare(IncrementalData.Load(reference, options.NewData, seed, progress: progress, cancel: cancel),
                options.IncrementalOptions, log);
        PowerCurveReport? power = options.Power == null ? null
            : PowerCurve.Measure(options.Power with { Dataset = reference, Drift = options.Power.Drift ?? driftOptions }, log, progress, cancel);

        var folder = RunFolder.Create(options.RunsRoot);
        var metrics = new DriftMetrics(dataset, options.ReferenceRun, options.NewData == null ? null : Path.GetFullPath(options.NewData), Embeddings.Model,
            drift?.Verdict, drift, drift?.PsiLevel.ToString().ToLowerInvariant(), incremental, power, clock.Elapsed.TotalSeconds);
        AtomicFile.WriteText(folder.Metrics, JsonSerializer.Serialize(metrics, JsonDefaults.SnakeCase));
        DriftReportPage.Build(metrics).Save(folder.Report);
        return new DriftRunResult(folder, metrics);
    }

    /// <summary>The reference dataset (catalog name or folder) and the seed its run split it with.</summary>
    static (string Dataset, int Seed) ResolveReference(DriftRunOptions options)
    {
        if (options.ReferenceRun == null)
            return options.ReferenceData != null ? (options.ReferenceData, 42)
                : throw new ArgumentException("Pass --reference RUN (a run folder of tg quickstart or tg train), or --reference-dataset NAME / --reference-data DIR.");
        var full = Path.GetFullPath(options.ReferenceRun);
        var checkpoint = Directory.Exists(full) ? Path.Combine(full, "model.tgck") : full;
        if (!File.Exists(checkpoint))
            throw new ArgumentException(Directory.Exists(full)
                ? $"The run folder {full} has no model.tgck. Pass --reference a run folder made by tg quickstart or tg train, or --reference-dataset NAME."
                : $"The run folder {full} does not exist. Pass --reference a run folder (e.g. runs/20261203-101500) made by tg quickstart or tg train, or --reference-dataset NAME.");
        CheckpointHeader header;
        try { header = Checkpoint.ReadHeader(checkpoint); }
        catch (CheckpointException e) { throw new ArgumentException(e.Message, e); }
        var dataset = header.DataSource?.Catalog ?? header.DataSource?.Folder
            ?? (Datasets.IsCatalogName(header.Dataset) ? header.Dataset
                : throw new ArgumentException($"{checkpoint} does not say where its images are ('{header.Dataset}'). Pass --reference-data DIR instead."));
        return (dataset, SeedOf(Path.Combine(Path.GetDirectoryName(checkpoint)!, "metrics.json")));
    }

    /// <summary>The run's seed from its metrics.json (the split it trained on depends on it); 42, the kit's default, when absent.</summary>
    static int SeedOf(string metricsPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(metricsPath));
            return doc.RootElement.TryGetProperty("seed", out var s) && s.TryGetInt32(out var seed) ? seed : 42;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return 42; }
    }
}
