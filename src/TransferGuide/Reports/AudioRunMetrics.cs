namespace TransferGuide.Reports;

/// <summary>
/// <c>metrics.json</c> of an audio run: the fields every run has (so tools that read <see cref="RunMetrics"/> read it
/// too), plus what sound adds: the spectrogram input, the augmentation, the held-out speaker and what the run cost.
/// </summary>
public sealed record AudioRunMetrics : MetricsFile
{
    /// <summary>Macro-averaged F1 on the evaluation split.</summary>
    public double MacroF1 { get; init; }
    /// <summary>Accuracy on the validation split watched during training.</summary>
    public double? ValidationAccuracy { get; init; }
    /// <summary>Name of the validation split.</summary>
    public string? ValidationSplit { get; init; }
    /// <summary>The epoch whose weights were kept (the best on validation), when early stopping chose one.</summary>
    public int? BestEpoch { get; init; }
    /// <summary>Training clips used.</summary>
    public int TrainItems { get; init; }
    /// <summary>Rate every clip was brought to, in Hz.</summary>
    public int SampleRate { get; init; }
    /// <summary>Side of the spectrogram picture, in pixels.</summary>
    public int InputSize { get; init; }
    /// <summary>Mel bands of the spectrogram.</summary>
    public int MelBands { get; init; }
    /// <summary>Waveform and spectrogram augmentation, in words ("none" when off).</summary>
    public string Augmentation { get; init; } = "none";
    /// <summary>The speaker the test split held, for a leave-one-speaker-out run; null for the dataset's test split.</summary>
    public string? HeldOutSpeaker { get; init; }
    /// <summary>Clips that could not be used (undecodable, empty, silent), named in the report.</summary>
    public IReadOnlyList<string> SkippedClips { get; init; } = [];
    /// <summary>Seconds spent training (feature extraction included, for the extract recipe).</summary>
    public double TrainSeconds { get; init; }
    /// <summary>Epochs trained.</summary>
    public int Epochs { get; init; }
    /// <summary>Training clips per second while training (every epoch's clips / training seconds).</summary>
    public double TrainClipsPerSecond { get; init; }
    /// <summary>The process's peak resident memory, in MB.</summary>
    public double PeakRssMegabytes { get; init; }
    /// <summary>Seed of the run.</summary>
    public int Seed { get; init; }
    /// <summary>torch threads.</summary>
    public int Threads { get; init; }
}
