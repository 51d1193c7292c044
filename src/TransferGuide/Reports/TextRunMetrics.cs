namespace TransferGuide.Reports;

/// <summary>
/// <c>metrics.json</c> of a text run: the fields every run has (so tools that read <see cref="RunMetrics"/> read it
/// too), plus what text adds: macro F1, truncation, the cached lower layers and what the run cost.
/// </summary>
public sealed record TextRunMetrics : MetricsFile
{
    /// <summary>Macro-averaged F1 on the evaluation split (the fair score for imbalanced classes such as sms_spam).</summary>
    public double MacroF1 { get; init; }
    /// <summary>Balanced accuracy on the evaluation split.</summary>
    public double BalancedAccuracy { get; init; }
    /// <summary>Accuracy on the validation split watched during training (null when there was none).</summary>
    public double? ValidationAccuracy { get; init; }
    /// <summary>Name of the validation split.</summary>
    public string? ValidationSplit { get; init; }
    /// <summary>Training texts used.</summary>
    public int TrainItems { get; init; }
    /// <summary>Texts (over every split) cut at <see cref="MaxTokens"/> tokens.</summary>
    public int TruncatedTexts { get; init; }
    /// <summary>Truncation length, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; init; }
    /// <summary>Pooling of token vectors ("Mean" or "Cls").</summary>
    public string Pooling { get; init; } = "";
    /// <summary>Encoder layers that trained (0 for feature extraction).</summary>
    public int TrainedLayers { get; init; }
    /// <summary>Lower layers run once and cached instead of once per epoch.</summary>
    public int CachedLayers { get; init; }
    /// <summary>Memory the cache held, in MB.</summary>
    public double CacheMegabytes { get; init; }
    /// <summary>Seconds spent computing the cache (or the pooled features, for feature extraction).</summary>
    public double CacheSeconds { get; init; }
    /// <summary>Seconds spent training.</summary>
    public double TrainSeconds { get; init; }
    /// <summary>Epochs trained.</summary>
    public int Epochs { get; init; }
    /// <summary>Training texts per second while training (every epoch's texts / training seconds).</summary>
    public double TrainTextsPerSecond { get; init; }
    /// <summary>The process's peak resident memory, in MB.</summary>
    public double PeakRssMegabytes { get; init; }
    /// <summary>Examples per class used for training when few labels were asked for (null: all).</summary>
    public int? LabelsPerClass { get; init; }
    /// <summary>In-the-loop augmentation (an EDA operation) or "none".</summary>
    public string Augmentation { get; init; } = "none";
    /// <summary>Seed of the run.</summary>
    public int Seed { get; init; }
    /// <summary>torch threads.</summary>
    public int Threads { get; init; }
}
