using System.Text.Json;
using TransferGuide.Core;
using TransferGuide.Evaluation;
using TransferGuide.Evaluation.Interpretability;

namespace TransferGuide.Reports;

/// <summary>
/// <c>metrics.json</c> of an evaluation: every number in the report, machine-readable, after the run fields
/// every metrics.json has (<see cref="MetricsFile"/>).
/// </summary>
public sealed record EvaluationSummary : MetricsFile
{
    /// <summary>The checkpoint evaluated.</summary>
    public required string Checkpoint { get; init; }
    /// <summary>Balanced accuracy.</summary>
    public required double BalancedAccuracy { get; init; }
    /// <summary>Top-k accuracy for k = 1 … min(5, classes).</summary>
    public required IReadOnlyDictionary<string, double> TopK { get; init; }
    /// <summary>Per-class precision, recall, F1 and averages.</summary>
    public required ClassificationReport Report { get; init; }
    /// <summary>Counts[true][predicted].</summary>
    public required int[][] ConfusionMatrix { get; init; }
    /// <summary>Row-normalised confusion matrix.</summary>
    public required double[][] ConfusionMatrixNormalised { get; init; }

    /// <summary>Headline ROC AUC (binary: second class; multi-class: one-vs-rest macro).</summary>
    public double? RocAuc { get; init; }
    /// <summary>One-vs-rest AUC per class.</summary>
    public required IReadOnlyDictionary<string, double?> RocAucPerClass { get; init; }
    /// <summary>Headline average precision.</summary>
    public double? AveragePrecision { get; init; }
    /// <summary>Average precision per class.</summary>
    public required IReadOnlyDictionary<string, double?> AveragePrecisionPerClass { get; init; }
    /// <summary>Reliability bins, ECE and MCE.</summary>
    public required Calibration Calibration { get; init; }
    /// <summary>Bootstrap confidence intervals.</summary>
    public required BootstrapResult Bootstrap { get; init; }
    /// <summary>Most-confused class pairs.</summary>
    public required IReadOnlyList<ConfusedPair> MostConfused { get; init; }
    /// <summary>Highest-loss items.</summary>
    public required IReadOnlyList<LossItem> TopLosses { get; init; }
    /// <summary>Misclassified items.</summary>
    public required int Misclassified { get; init; }
    /// <summary>CSV of misclassified items, beside this file.</summary>
    public required string MisclassifiedCsv { get; init; }
    /// <summary>Per-group metrics, when a group file was given.</summary>
    public GroupSummary? Groups { get; init; }
    /// <summary>Grad-CAM against hand-drawn boxes at the chosen layer (first) and the comparison layers; empty without boxes.</summary>
    public IReadOnlyList<LocalisationSummary> GradCamLocalisation { get; init; } = [];
    /// <summary>PCA explained-variance ratio of the first two components.</summary>
    public double[] PcaExplainedVariance { get; init; } = [];
    /// <summary>Final KL divergence of the t-SNE map (null when skipped).</summary>
    public double? TsneKlDivergence { get; init; }
}

/// <summary>Group metrics for metrics.json.</summary>
/// <param name="Source">The group file.</param>
/// <param name="Groups">Per group: name, items, accuracy, balanced accuracy, macro F1.</param>
/// <param name="RecallGaps">Per-class recall gaps, largest first.</param>
/// <param name="PrecisionGaps">Per-class precision gaps, largest first.</param>
/// <param name="Summary">Plain words.</param>
/// <param name="Ungrouped">Evaluated items without a group.</param>
/// <param name="UnmatchedItems">Listed items not evaluated.</param>
public sealed record GroupSummary(string Source, IReadOnlyList<GroupRow> Groups, IReadOnlyList<MetricGap> RecallGaps, IReadOnlyList<MetricGap> PrecisionGaps,
    string Summary, int Ungrouped, IReadOnlyList<string> UnmatchedItems);

/// <summary>One group's headline numbers.</summary>
/// <param name="Group">Name.</param>
/// <param name="Items">Items.</param>
/// <param name="Accuracy">Accuracy.</param>
/// <param name="BalancedAccuracy">Balanced accuracy.</param>
/// <param name="MacroF1">Macro F1.</param>
/// <param name="Recall">Recall per class.</param>
/// <param name="Precision">Precision per class.</param>
public sealed record GroupRow(string Group, int Items, double Accuracy, double BalancedAccuracy, double MacroF1,
    IReadOnlyDictionary<string, double> Recall, IReadOnlyDictionary<string, double> Precision);

/// <summary>Grad-CAM localisation for metrics.json.</summary>
/// <param name="Layer">Layer.</param>
/// <param name="Images">Images checked.</param>
/// <param name="MajorityInside">Images with more than half the map's mass in the box.</param>
/// <param name="PeakInside">Images whose map peaks in the box.</param>
/// <param name="MeanMassInBox">Mean mass in the box.</param>
/// <param name="MeanBoxArea">Mean share of the crop the boxes cover.</param>
/// <param name="PerImage">File, mass in box, box area share, peak in box.</param>
public sealed record LocalisationSummary(string Layer, int Images, int MajorityInside, int PeakInside, double MeanMassInBox, double MeanBoxArea,
    IReadOnlyList<LocalisationImage> PerImage);

/// <summary>One image of the localisation check.</summary>
/// <param name="File">The image.</param>
/// <param name="MassInBox">Fraction of the map inside the box.</param>
/// <param name="BoxArea">Fraction of the crop the box covers.</param>
/// <param name="PeakInBox">Whether the map peaks inside the box.</param>
public sealed record LocalisationImage(string File, double MassInBox, double BoxArea, bool PeakInBox);
