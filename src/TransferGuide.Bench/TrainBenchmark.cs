using TransferGuide.Core;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Bench;

/// <summary>What one training-step run measured, for the kit and the PyTorch peer alike (the peer prints the same fields).</summary>
/// <param name="Variant">kit, kit-bf16 or pytorch.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ImageSize">Input side.</param>
/// <param name="Steps">Timed steps.</param>
/// <param name="MedianStepSeconds">Median seconds per step.</param>
/// <param name="ImagesPerSecond">Batch over median step time.</param>
/// <param name="PeakRssMb">Peak resident memory of the process, MB.</param>
/// <param name="FirstLoss">Loss of the first step.</param>
/// <param name="LastLoss">Loss of the last step (the same batch each time, so it falls).</param>
/// <param name="Threads">Compute threads.</param>
public sealed record TrainResult(string Variant, int BatchSize, int ImageSize, int Steps, double MedianStepSeconds, double ImagesPerSecond,
    double PeakRssMb, double FirstLoss, double LastLoss, int Threads) : IVariantRate;

/// <summary>One training step over all layers (AdamW, batch 32, 224 px): the kit at fp32 and bf16, and PyTorch in Python.</summary>
public static class TrainBenchmark
{
    /// <summary>The kit as the Learner trains by default: fp32, channels-last batches and weights on a CPU.</summary>
    public const string Kit = "kit";
    /// <summary>The kit with bf16 autocast-style training, in the Learner's default layout.</summary>
    public const string KitBFloat16 = "kit-bf16";
    /// <summary>The kit at fp32 in plain NCHW order (the Learner with <c>ChannelsLast: false</c>).</summary>
    public const string KitNchw = "kit-nchw";
    /// <summary>The kit as the Learner trains, recomputing the stem's activations in the backward pass instead of keeping them (<c>RecomputeStem</c>; the default on a CPU).</summary>
    public const string KitRecomputeStem = "kit-recompute-stem";
    /// <summary>The kit as the Learner trains, but keeping the stem's activations for the backward pass (<c>RecomputeStem: false</c>): faster, more memory.</summary>
    public const string KitKeepStem = "kit-keep-stem";
    /// <summary>The kit at fp32 with channels-last batches only (weights, gradients and optimiser state stay NCHW).</summary>
    public const string KitChannelsLastInput = "kit-cl-input";
    /// <summary>The peer: PyTorch in Python (Debian's python3-torch) on the same exported weights.</summary>
    public const string PyTorch = "pytorch";

    /// <summary>Every kit variant.</summary>
    public static IReadOnlyList<string> KitVariants { get; } = [Kit, KitNchw, KitRecomputeStem, KitKeepStem, KitChannelsLastInput, KitBFloat16];

    /// <summary>Runs a kit variant in this process.</summary>
    public static TrainResult RunKit(string variant, int batchSize, int imageSize, int steps, int warmup = 1)
    {
        var precision = variant switch
        {
            Kit or KitNchw or KitRecomputeStem or KitKeepStem or KitChannelsLastInput => Precision.Float32,
            KitBFloat16 => Precision.BFloat16,
            _ => throw new ArgumentException($"Unknown kit training variant '{variant}'. Use {string.Join(", ", KitVariants)}."),
        };
        // The Learner's own rule (channels-last on a CPU, on the numerics path the guard chose), so "kit" measures what training does.
        var performance = Training.LearnerOptions.Default.Performance;
        var path = TransferGuide.Models.Numerics.NumericsGuard.TrainingPath(Models.ModelZoo.ResNet18ImageNet, variant != KitNchw && performance.UsesChannelsLast(TorchSharp.torch.CPU));
        bool weights = variant is Kit or KitBFloat16 or KitRecomputeStem or KitKeepStem && path.ChannelsLast;
        bool recompute = variant is Kit or KitBFloat16 or KitNchw && performance.RecomputesStem(TorchSharp.torch.CPU) || variant == KitRecomputeStem;
        using var oneDnnOff = path.OneDnnOff ? TransferGuide.Core.Native.OneDnn.Disable() : null;
        var r = TrainStepBenchmark.Run(precision, batchSize, imageSize, steps, warmup, channelsLast: weights || variant == KitChannelsLastInput,
            channelsLastWeights: weights, recomputeStem: recompute, fixes: path.Fixes);
        return new TrainResult(variant, r.BatchSize, r.ImageSize, r.Steps, r.MedianStepSeconds, r.ImagesPerSecond, r.PeakRssMb,
            r.FirstLoss, r.LastLoss, r.Threads);
    }
}
