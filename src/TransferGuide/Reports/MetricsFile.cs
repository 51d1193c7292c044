using System.Text.Json;
using TransferGuide.Core;

namespace TransferGuide.Reports;

/// <summary>
/// What every <c>metrics.json</c> holds, whatever wrote it (a recipe's <see cref="RunMetrics"/>, an evaluation's
/// <see cref="EvaluationSummary"/>): graders and benchmarks read these fields by name, so they are declared once.
/// </summary>
public abstract record MetricsFile
{
    /// <summary>Dataset name (catalog name or folder name).</summary>
    public required string Dataset { get; init; }
    /// <summary>Model id (architecture).</summary>
    public required string Model { get; init; }
    /// <summary>Recipe id, e.g. "feature-extraction"; for an evaluation, the recipe that trained the checkpoint.</summary>
    public required string Recipe { get; init; }
    /// <summary>Accuracy on the held-out split.</summary>
    public required double Accuracy { get; init; }
    /// <summary>Name of the held-out split.</summary>
    public required string EvaluationSplit { get; init; }
    /// <summary>Held-out items used.</summary>
    public int EvaluationItems { get; init; }
    /// <summary>Class names.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Files skipped while loading or decoding.</summary>
    public int SkippedFiles { get; init; }
    /// <summary>Wall time of the whole run, loading to report.</summary>
    public required double WallSeconds { get; init; }
    /// <summary>Images per second over the whole run (all images used / wall time; an evaluation's are its predictions).</summary>
    public required double ImagesPerSecond { get; init; }
    /// <summary>UTC time the run finished.</summary>
    public DateTime FinishedUtc { get; init; } = DateTime.UtcNow;
    /// <summary>
    /// The numerics paths this process ran, one per choice ("features: fp32-cl-fixed", "train resnet18_imagenet:
    /// cl-fixed", "inference resnet18_imagenet: nchw"): what the numerics guard picked on this machine.
    /// </summary>
    public IReadOnlyList<string> NumericsPaths { get; init; } = TransferGuide.Models.Numerics.NumericsGuard.PathsUsed;

    /// <summary>Writes it atomically, every field of the actual record (snake_case, like every metrics.json).</summary>
    public void Save(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, GetType(), JsonDefaults.SnakeCase));
}
