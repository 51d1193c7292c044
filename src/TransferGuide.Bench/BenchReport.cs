using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferGuide.Bench;

/// <summary>One goal of the issue: the figure, its target and whether it was met.</summary>
/// <param name="Name">What is measured.</param>
/// <param name="Target">The target, in words (e.g. "≥ 1.0").</param>
/// <param name="Measured">The figure; null when not measured.</param>
/// <param name="Met">Whether the figure meets the target; null when not measured.</param>
public sealed record BenchGoal(string Name, string Target, double? Measured, bool? Met);

/// <summary>One line of the printed table.</summary>
/// <param name="Section">forward, train, pipeline, e2e or finetune.</param>
/// <param name="Variant">Which engine or mode.</param>
/// <param name="Figure">The median figure, with its unit.</param>
/// <param name="Ratio">Against the section's peer, when there is one.</param>
/// <param name="PeakRssMb">Highest peak RSS over its processes, MB.</param>
/// <param name="Runs">How many processes the median is over.</param>
public sealed record BenchRow(string Section, string Variant, string Figure, string? Ratio, double? PeakRssMb, int Runs);

/// <summary>Everything <c>tg bench</c> measured; written as JSON with the key names.</summary>
public sealed class BenchReport
{
    /// <summary>When the run started (UTC).</summary>
    [JsonPropertyName("timestamp")] public DateTime Timestamp { get; init; } = DateTime.UtcNow;
    /// <summary>CPU, cores, threads, OS, runtime.</summary>
    [JsonPropertyName("machine")] public string Machine { get; init; } = "";
    /// <summary>/proc/loadavg before and after: other work on the machine lowers every absolute figure.</summary>
    [JsonPropertyName("load_average")] public List<string> LoadAverage { get; init; } = [];
    /// <summary>The plan that ran.</summary>
    [JsonPropertyName("plan")] public BenchPlan? Plan { get; init; }
    /// <summary>Kit forward images/s over ONNX Runtime's, same process layout, alternating.</summary>
    [JsonPropertyName("forward_ratio_vs_onnxruntime")] public double? ForwardRatioVsOnnxRuntime { get; set; }
    /// <summary>The unoptimised TorchSharp module's ratio, the "before" figure.</summary>
    [JsonPropertyName("forward_ratio_plain_vs_onnxruntime")] public double? ForwardRatioPlainVsOnnxRuntime { get; set; }
    /// <summary>Median forward images/s per variant.</summary>
    [JsonPropertyName("forward_images_per_second")] public Dictionary<string, double> ForwardImagesPerSecond { get; init; } = [];
    /// <summary>Kit fp32 training-step images/s over PyTorch-in-Python's; null when the peer could not run.</summary>
    [JsonPropertyName("train_ratio_vs_pytorch")] public double? TrainRatioVsPyTorch { get; set; }
    /// <summary>Kit bf16 training-step images/s over PyTorch's fp32.</summary>
    [JsonPropertyName("train_ratio_bf16_vs_pytorch")] public double? TrainRatioBf16VsPyTorch { get; set; }
    /// <summary>Median training-step images/s per variant.</summary>
    [JsonPropertyName("train_images_per_second")] public Dictionary<string, double> TrainImagesPerSecond { get; init; } = [];
    /// <summary>The peer's torch version, or why it did not run.</summary>
    [JsonPropertyName("pytorch")] public string? PyTorch { get; set; }
    /// <summary>Input pipeline, first epoch (decode, resize, augment, normalise), images/s.</summary>
    [JsonPropertyName("pipeline_images_per_second")] public double? PipelineImagesPerSecond { get; set; }
    /// <summary>Input pipeline with decoded images kept (later epochs), images/s.</summary>
    [JsonPropertyName("pipeline_cached_images_per_second")] public double? PipelineCachedImagesPerSecond { get; set; }
    /// <summary>Seconds from process start to the target accuracy, empty feature cache.</summary>
    [JsonPropertyName("seconds_to_085_cold")] public double? SecondsTo085Cold { get; set; }
    /// <summary>The same with the features already cached.</summary>
    [JsonPropertyName("seconds_to_085_cached")] public double? SecondsTo085Cached { get; set; }
    /// <summary>Final accuracy of the feature-extraction recipe (cold run).</summary>
    [JsonPropertyName("extract_accuracy")] public double? ExtractAccuracy { get; set; }
    /// <summary>Sentences per second of each text variant (median over rounds).</summary>
    [JsonPropertyName("text_sentences_per_second")] public Dictionary<string, double> TextSentencesPerSecond { get; init; } = [];
    /// <summary>The MiniLM encoder's forward rate over ONNX Runtime's, same weights and batch.</summary>
    [JsonPropertyName("text_forward_ratio_vs_onnxruntime")] public double? TextForwardRatioVsOnnxRuntime { get; set; }
    /// <summary>Clips per second of each audio variant (median over rounds): pipeline rows and the model's step and forward.</summary>
    [JsonPropertyName("audio_clips_per_second")] public Dictionary<string, double> AudioClipsPerSecond { get; init; } = [];
    /// <summary>The audio pipeline with the default augmentation over the training step it feeds (≥ 2: it never holds the step up).</summary>
    [JsonPropertyName("audio_pipeline_ratio_vs_step")] public double? AudioPipelineRatioVsStep { get; set; }
    /// <summary>The SST-2 text fine-tune (the default recipe in a full run): wall time, accuracy and peak memory.</summary>
    [JsonPropertyName("text_finetune")] public TextFineTuneResult? TextFineTune { get; set; }
    /// <summary>Wall time of the default fine-tune recipe, from process start.</summary>
    [JsonPropertyName("finetune_seconds")] public double? FineTuneSeconds { get; set; }
    /// <summary>Its final held-out accuracy.</summary>
    [JsonPropertyName("finetune_accuracy")] public double? FineTuneAccuracy { get; set; }
    /// <summary>Its peak resident memory, MB.</summary>
    [JsonPropertyName("finetune_peak_rss_mb")] public double? FineTunePeakRssMb { get; set; }
    /// <summary>Peak resident memory of every measured variant, MB.</summary>
    [JsonPropertyName("peak_rss_mb")] public Dictionary<string, double> PeakRssMb { get; init; } = [];
    /// <summary>The goals and where each stands.</summary>
    [JsonPropertyName("goals")] public List<BenchGoal> Goals { get; init; } = [];
    /// <summary>The printed table.</summary>
    [JsonPropertyName("table")] public List<BenchRow> Table { get; init; } = [];
    /// <summary>Every process's raw result, in the order they ran.</summary>
    [JsonPropertyName("runs")] public List<JsonElement> Runs { get; init; } = [];
    /// <summary>Notes: skipped parts and why.</summary>
    [JsonPropertyName("notes")] public List<string> Notes { get; init; } = [];

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes <c>bench-YYYYMMDD-HHMMSS.json</c> into <paramref name="folder"/>; returns its path.</summary>
    public string Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"bench-{Timestamp:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(path, ToJson());
        return path;
    }
}
