using TransferGuide.Adaptation;
using TransferGuide.Core;

namespace TransferGuide.Reports;

/// <summary>One method's row in an adaptation run's metrics.json.</summary>
/// <param name="Method">"none", "coral" or "dann".</param>
/// <param name="TargetAccuracy">Mean target test accuracy over the seeds.</param>
/// <param name="TargetSpread">Half the range of the target accuracies over the seeds.</param>
/// <param name="TargetAccuracies">Target test accuracy per seed.</param>
/// <param name="SourceValidAccuracy">Mean source validation accuracy.</param>
/// <param name="GainOverNone">Mean paired gain over source only, in accuracy (0.012 is 1.2 points); null without "none".</param>
/// <param name="SeedsBeatingNone">Seeds on which the method beat source only.</param>
/// <param name="DomainAccuracy">DANN: the domain classifier's mean last-epoch accuracy (0.5 is fully confused).</param>
public sealed record AdaptMethodMetrics(string Method, double TargetAccuracy, double TargetSpread, IReadOnlyList<double> TargetAccuracies,
    double SourceValidAccuracy, double? GainOverNone, int SeedsBeatingNone, double? DomainAccuracy)
{
    /// <summary>The row of a method summary.</summary>
    public static AdaptMethodMetrics Of(MethodSummary m) => new(m.Name, m.MeanTargetAccuracy, m.TargetSpread, m.TargetAccuracies,
        m.MeanSourceValidAccuracy, m.MeanGain, m.SeedsBeatingBaseline, m.MeanDomainAccuracy);
}

/// <summary>
/// metrics.json of <c>tg adapt</c>: source and target, one row per method, the options shared by every method.
/// <see cref="MetricsFile.Accuracy"/> is the first method's mean target accuracy (source only when it ran), so a reader
/// that knows only the common fields reads the baseline.
/// </summary>
public sealed record AdaptRunMetrics : MetricsFile
{
    /// <summary>The labelled source domain.</summary>
    public required string SourceDataset { get; init; }
    /// <summary>The unlabelled target domain.</summary>
    public required string TargetDataset { get; init; }
    /// <summary>Labelled source training rows.</summary>
    public int SourceTrainItems { get; init; }
    /// <summary>Labelled source validation rows (every choice is made on these).</summary>
    public int SourceValidItems { get; init; }
    /// <summary>Unlabelled target rows used to adapt.</summary>
    public int TargetUnlabelledItems { get; init; }
    /// <summary>One row per method, in the order run.</summary>
    public IReadOnlyList<AdaptMethodMetrics> Methods { get; init; } = [];
    /// <summary>The seeds every method ran with.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];
    /// <summary>The head options every method shared (the seed replaced per run).</summary>
    public AdaptationOptions? Options { get; init; }
    /// <summary>Quick mode: images per class and part, or null for all.</summary>
    public int? PerClass { get; init; }
    /// <summary>Seconds spent loading or extracting features.</summary>
    public double FeatureSeconds { get; init; }
    /// <summary>Whether every feature came from the cache.</summary>
    public bool FeaturesCached { get; init; }
    /// <summary>Peak resident memory of the process.</summary>
    public double PeakRssMb { get; init; } = ProcessMemory.PeakRssMb();
}
