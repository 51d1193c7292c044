using System.Diagnostics;
using TorchSharp;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Benchmarks;

/// <summary>What a model costs on this machine: its size and its measured inference latency.</summary>
/// <param name="Parameters">Number of weights (all parameters).</param>
/// <param name="MegabytesFp32">Size of those weights as 32-bit floats.</param>
/// <param name="ImageSize">Input side the latency was measured at.</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="MillisecondsPerBatch">Median wall time of one forward pass, after warm-up.</param>
/// <param name="Device">Where it ran.</param>
public sealed record ModelCostResult(long Parameters, double MegabytesFp32, int ImageSize, int BatchSize, double MillisecondsPerBatch, string Device)
{
    /// <summary>Milliseconds per image at this batch size.</summary>
    public double MillisecondsPerImage => MillisecondsPerBatch / BatchSize;
}

/// <summary>Measures <see cref="ModelCostResult"/>: counted, not quoted, so the numbers belong to this machine.</summary>
public static class ModelCost
{
    /// <summary>Counts the parameters and times <paramref name="repeats"/> forward passes of random input (after one warm-up pass).</summary>
    public static ModelCostResult Measure(ResNet model, int imageSize = 224, int batchSize = 1, int repeats = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        long parameters = model.parameters().Sum(p => p.numel());
        var device = model.Fc.weight!.device;
        model.eval();
        var times = new List<double>();
        using (var _ = no_grad())
        {
            using var x = randn(batchSize, 3, imageSize, imageSize).to(device);
            for (int i = 0; i <= repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using var y = model.forward(x);
                if (device.type == DeviceType.CUDA) cuda.synchronize();
                if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);   // the first pass allocates; it is not typical
            }
        }
        times.Sort();
        return new ModelCostResult(parameters, parameters * 4 / 1e6, imageSize, batchSize, times[times.Count / 2], device.ToString());
    }
}
