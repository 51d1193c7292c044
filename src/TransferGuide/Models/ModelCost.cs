using System.Diagnostics;
using TorchSharp;
using TransferGuide.Core;

using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>How <see cref="ModelCostBenchmark"/> measures.</summary>
/// <param name="ImageSize">Input side in pixels (the model's own 224 by default).</param>
/// <param name="BatchSize">The larger batch (32; 8 in quick mode).</param>
/// <param name="Repeats">Timed forward passes per batch size, after two warm-up passes; the median is reported.</param>
/// <param name="Threads">Torch threads (null leaves libtorch's default).</param>
public sealed record ModelCostOptions(int ImageSize = 224, int BatchSize = 32, int Repeats = 5, int? Threads = null)
{
    /// <summary>Fewer repeats and batch 8, for 2-core laptops.</summary>
    public static ModelCostOptions Quick { get; } = new(BatchSize: 8, Repeats: 3);
}

/// <summary>One row of the cost table: size, work and CPU speed of a zoo model (eval mode, fp32, no gradients).</summary>
/// <param name="Id">Zoo id.</param>
/// <param name="Parameters">All parameters, with a 1000-class ImageNet head.</param>
/// <param name="SizeMb">fp32 weights in MB (4 bytes per parameter).</param>
/// <param name="GMacs">Multiply-accumulates per image, in billions, counted from the modules.</param>
/// <param name="GFlops">Floating-point operations per image, in billions (see <see cref="FlopCounter"/>).</param>
/// <param name="ImageSize">Input side the work and timings are for.</param>
/// <param name="LatencyBatch1Ms">Median time of a batch of one, ms.</param>
/// <param name="BatchSize">The larger batch.</param>
/// <param name="LatencyBatchMs">Median time of the larger batch, ms.</param>
/// <param name="ImagesPerSecond">Throughput at the larger batch.</param>
/// <param name="PeakRssMb">Peak resident memory of the measuring process, MB (one model per process).</param>
/// <param name="Threads">Torch threads used.</param>
public sealed record ModelCost(string Id, long Parameters, double SizeMb, double GMacs, double GFlops, int ImageSize,
    double LatencyBatch1Ms, int BatchSize, double LatencyBatchMs, double ImagesPerSecond, double PeakRssMb, int Threads);

/// <summary>Measures one zoo model's <see cref="ModelCost"/>.</summary>
public static class ModelCostBenchmark
{
    /// <summary>Builds <paramref name="id"/> untrained (weights do not change the cost), counts it and times it.</summary>
    public static ModelCost Measure(string id, ModelCostOptions options)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        if (options.Threads is { } t) torch.set_num_threads(t);
        torch.random.manual_seed(0);
        using var model = ModelZoo.Create(id, 1000, pretrained: false);
        model.eval();
        var flops = FlopCounter.Count(model, options.ImageSize);
        double b1 = LatencyMs(model, 1, options.ImageSize, options.Repeats);
        double bn = LatencyMs(model, options.BatchSize, options.ImageSize, options.Repeats);
        return new ModelCost(id, flops.Parameters, flops.Parameters * 4 / 1e6, flops.Macs / 1e9, flops.Flops / 1e9, options.ImageSize,
            b1, options.BatchSize, bn, options.BatchSize / (bn / 1000), ProcessMemory.PeakRssMb(), torch.get_num_threads());
    }

    // The first passes create kernels and grow allocators for each new shape; they are not timed.
    const int Warmup = 2;

    /// <summary>Median wall time of an eval-mode forward pass of <paramref name="batch"/> random images, in ms.</summary>
    public static double LatencyMs(ZooModel model, int batch, int imageSize, int repeats = 5)
    {
        bool wasTraining = model.training;
        model.eval();
        var times = new List<double>();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn([batch, 3, imageSize, imageSize], device: model.Device);
        for (int i = 0; i < Warmup + repeats; i++)
        {
            using var inner = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            model.call(x);
            if (i >= Warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        if (wasTraining) model.train();
        return Median.Of(times);
    }
}
