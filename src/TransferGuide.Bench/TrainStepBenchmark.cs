using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Models;
using TransferGuide.Training;

using static TorchSharp.torch;

namespace TransferGuide.Bench;

/// <summary>What one training-step benchmark measured.</summary>
/// <param name="Precision">fp32, bf16 or fp16.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ImageSize">Input side in pixels.</param>
/// <param name="Steps">Timed steps (after warm-up).</param>
/// <param name="MedianStepSeconds">Median seconds per step.</param>
/// <param name="ImagesPerSecond">Batch size over the median step time.</param>
/// <param name="PeakRssMb">Peak resident memory of the process, MB.</param>
/// <param name="FirstLoss">Loss of the first step.</param>
/// <param name="LastLoss">Loss of the last step: it should fall, since every step sees the same batch.</param>
/// <param name="Threads">torch threads.</param>
public sealed record TrainStepResult(string Precision, int BatchSize, int ImageSize, int Steps, double MedianStepSeconds,
    double ImagesPerSecond, double PeakRssMb, double FirstLoss, double LastLoss, int Threads);

/// <summary>
/// Times full training steps (all layers trainable, AdamW) of the ImageNet ResNet18 on one fixed random batch,
/// so that only the model's arithmetic is measured, not decoding. Peak memory is per process: run each
/// precision in its own process to compare them (the <c>tg bench precision</c> command does).
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>Runs <paramref name="warmup"/> untimed and <paramref name="steps"/> timed steps.</summary>
    /// <param name="precision">fp32, bf16 or fp16.</param>
    /// <param name="batchSize">Images per step.</param>
    /// <param name="imageSize">Input side.</param>
    /// <param name="steps">Timed steps.</param>
    /// <param name="warmup">Untimed steps first.</param>
    /// <param name="progress">Receives every step.</param>
    /// <param name="channelsLast">Feed the batch in channels-last (NHWC) layout; the layout then carries through every convolution.</param>
    /// <param name="channelsLastWeights">Keep the convolution weights in channels-last layout too.</param>
    /// <param name="recomputeStem">Recompute the stem's activations in the backward pass instead of keeping them.</param>
    /// <param name="fixes">Convolution rewrites of a numerics path (<see cref="ConvFixes"/>); null for none.</param>
    public static TrainStepResult Run(Precision precision, int batchSize = 32, int imageSize = 224, int steps = 8, int warmup = 2,
        IProgress<WorkProgress>? progress = null, bool channelsLast = false, bool channelsLastWeights = false, bool recomputeStem = false,
        ConvFixes? fixes = null)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 10);
        model.train();
        using var optimizer = new Optim.AdamW(model.parameters(), lr: 1e-4);
        // The batch comes before the shadow model, whose initialisation would otherwise shift the RNG.
        using var x0 = torch.rand(batchSize, 3, imageSize, imageSize) * 255 - 115;
        using var x = channelsLast ? MemoryFormat.ToChannelsLast(x0) : x0.alias();
        if (channelsLastWeights) MemoryFormat.ConvWeightsToChannelsLast(model);
        using var y = torch.randint(0, 10, [batchSize], dtype: ScalarType.Int64);
        using var rewrites = (fixes ?? ConvFixes.None).Install(model);
        using var step = MixedPrecisionStep.For(precision, model, channelsLast: channelsLastWeights, recomputeStem: recomputeStem, fixes: fixes);
        var times = new List<double>();
        double first = double.NaN, last = double.NaN;
        for (int i = 0; i < warmup + steps; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            optimizer.zero_grad();
            var (loss, _) = step.ForwardBackward(x, y, labelSmoothing: 0, groupItems: batchSize, l1: () => null);
            step.Step(optimizer);
            double value = loss.item<float>();
            clock.Stop();
            if (i == 0) first = value;
            last = value;
            if (i >= warmup) times.Add(clock.Elapsed.TotalSeconds);
            progress?.Report(new WorkProgress($"{Name(precision)} steps", i + 1, warmup + steps, batchSize / clock.Elapsed.TotalSeconds));
        }
        double median = Median.Of(times);
        return new TrainStepResult(Name(precision), batchSize, imageSize, steps, median, batchSize / median,
            ProcessMemory.PeakRssMb(), first, last, torch.get_num_threads());
    }

    /// <summary>The short name used on the command line: fp32, bf16, fp16.</summary>
    public static string Name(Precision precision) => precision switch
    {
        Precision.Float32 => "fp32",
        Precision.BFloat16 => "bf16",
        Precision.Float16 => "fp16",
        _ => precision.ToString(),
    };

    /// <summary>Parses fp32, bf16 or fp16.</summary>
    public static Precision Parse(string name) => name.ToLowerInvariant() switch
    {
        "fp32" => Precision.Float32,
        "bf16" => Precision.BFloat16,
        "fp16" => Precision.Float16,
        var p => throw new ArgumentException($"Unknown precision '{p}'. Use fp32, bf16 or fp16."),
    };
}
