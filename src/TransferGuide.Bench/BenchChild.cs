using System.Text.Json;

namespace TransferGuide.Bench;

/// <summary>Runs one <see cref="ChildJob"/> in this process and returns its result as one JSON line.</summary>
public static class BenchChild
{
    /// <summary>Parses the job from its JSON form.</summary>
    public static ChildJob Parse(string json) =>
        JsonSerializer.Deserialize<ChildJob>(json) ?? throw new ArgumentException("Empty bench job.");

    /// <summary>Runs the job; the answer is a single JSON object.</summary>
    public static string Run(ChildJob job)
    {
        if (job.Threads > 0)
        {
            TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
            TorchSharp.torch.set_num_threads(job.Threads);
        }
        return Measure(job);
    }

    static string Measure(ChildJob job) => job.Kind switch
    {
        "forward" => JsonSerializer.Serialize(ForwardBenchmark.Run(job.Variant, job.BatchSize, job.ImageSize, job.Repeats)),
        "train" => JsonSerializer.Serialize(TrainBenchmark.RunKit(job.Variant, job.BatchSize, job.ImageSize, job.Repeats)),
        "pipeline" => JsonSerializer.Serialize(PipelineBenchmark.Run(job.Dataset, job.Images)),
        "e2e" => JsonSerializer.Serialize(EndToEndBenchmark.ExtractToTarget(job.Variant, job.Dataset,
            job.Folder ?? throw new ArgumentException("e2e needs a cache folder"), Scratch(job), job.Target)),
        "finetune" => JsonSerializer.Serialize(EndToEndBenchmark.FineTune(job.Dataset, Scratch(job), job.Epochs,
            job.ImageSize > 0 ? job.ImageSize : null, job.Variant == "default" ? "fp32" : job.Variant)),
        "text" => JsonSerializer.Serialize(TextBenchmark.Run(job.Variant, job.BatchSize, job.Repeats)),
        "text-finetune" => JsonSerializer.Serialize(TextBenchmark.FineTune(Scratch(job), job.Epochs, job.LabelsPerClass)),
        "audio" => JsonSerializer.Serialize(AudioBenchmark.Run(job.Variant, job.BatchSize, job.ImageSize, job.Images, job.Repeats)),
        _ => throw new ArgumentException($"Unknown bench job kind '{job.Kind}'."),
    };

    static string Scratch(ChildJob job) => Path.Combine(job.Folder ?? Path.GetTempPath(), "runs");
}
