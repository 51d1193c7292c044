using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Bench;

/// <summary>What one forward-pass benchmark measured.</summary>
/// <param name="Variant">Which engine and layout (see <see cref="ForwardBenchmark.Variants"/>).</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="ImageSize">Input side in pixels.</param>
/// <param name="Repeats">Timed passes (after warm-up).</param>
/// <param name="MedianSeconds">Median seconds per pass.</param>
/// <param name="ImagesPerSecond">Batch size over the median pass time.</param>
/// <param name="PeakRssMb">Peak resident memory of the process, MB.</param>
/// <param name="OutputMean">Mean of the pooled features: equal across variants when they compute the same network.</param>
/// <param name="Threads">Compute threads.</param>
public sealed record ForwardResult(string Variant, int BatchSize, int ImageSize, int Repeats, double MedianSeconds,
    double ImagesPerSecond, double PeakRssMb, double OutputMean, int Threads) : IVariantRate;

/// <summary>
/// ResNet18 eval forward passes on one fixed batch, the kit's ways and ONNX Runtime's, all on the ImageNet
/// weights of Microsoft.ML.DnnImageFeaturizer.ResNet18. Run each variant in its own process for a fair peak
/// memory (<c>tg bench</c> does).
/// </summary>
public static class ForwardBenchmark
{
    /// <summary>The peer: ONNX Runtime on the original ONNX graph, batch made variable.</summary>
    public const string OnnxRuntime = "onnxruntime";
    /// <summary>The kit's feature extraction path: <see cref="FrozenResNet"/> on the path the numerics guard chose on this machine.</summary>
    public const string Kit = "kit";
    /// <summary>The plain TorchSharp module in eval mode, BatchNorm unfolded: the "before" figure.</summary>
    public const string KitPlain = "kit-plain";
    /// <summary>BatchNorm folded, NCHW, float32.</summary>
    public const string KitFolded = "kit-folded";
    /// <summary>BatchNorm folded, channels-last, as oneDNN runs it (wrong on AMD Zen 5 with libtorch 2.10: see <see cref="ConvFixes"/>).</summary>
    public const string KitChannelsLast = "kit-folded-cl";
    /// <summary>BatchNorm folded, channels-last, 1x1 convolutions fed plain input (<see cref="ConvFixes.PlainInput1x1"/>).</summary>
    public const string KitChannelsLastFixed = "kit-folded-cl-fixed";
    /// <summary>BatchNorm folded, bfloat16 arithmetic.</summary>
    public const string KitBFloat16 = "kit-folded-bf16";

    /// <summary>BatchNorm folded, channels-last, bfloat16.</summary>
    public const string KitChannelsLastBFloat16 = "kit-folded-cl-bf16";
    /// <summary>The plain module fed a channels-last batch (the layout then carries through every convolution).</summary>
    public const string KitPlainChannelsLast = "kit-plain-cl";

    /// <summary>Every variant this benchmark knows.</summary>
    public static IReadOnlyList<string> Variants { get; } =
        [OnnxRuntime, Kit, KitPlain, KitFolded, KitChannelsLast, KitChannelsLastFixed, KitBFloat16, KitChannelsLastBFloat16, KitPlainChannelsLast];

    /// <summary>The input side the CNTK graph was exported for (its pooling windows assume it).</summary>
    public const int OnnxInputSize = 224;

    /// <summary>A fixed batch of normalised pixels (the same for every variant and process).</summary>
    public static float[] Batch(int batchSize, int imageSize)
    {
        var random = new Random(7);
        var pixels = new float[batchSize * 3 * imageSize * imageSize];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(random.NextDouble() * 255 - 115);
        return pixels;
    }

    /// <summary>Runs <paramref name="warmup"/> untimed and <paramref name="repeats"/> timed passes of <paramref name="variant"/>.</summary>
    public static ForwardResult Run(string variant, int batchSize = 32, int imageSize = 224, int repeats = 5, int warmup = 1)
    {
        if (!Variants.Contains(variant)) throw new ArgumentException($"Unknown forward variant '{variant}'. Use one of: {string.Join(", ", Variants)}.");
        if (variant == OnnxRuntime && imageSize != OnnxInputSize)
            throw new ArgumentException($"ONNX Runtime runs the CNTK graph, which fixes its input at {OnnxInputSize}x{OnnxInputSize}; use --image-size {OnnxInputSize} or leave onnxruntime out of --forward.");
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var pixels = Batch(batchSize, imageSize);
        Func<float[]> pass = variant == OnnxRuntime ? OnnxPass(pixels, batchSize, imageSize) : KitPass(variant, pixels, batchSize, imageSize);
        var times = new List<double>();
        float[] output = [];
        for (int i = 0; i < warmup + repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            output = pass();
            if (i >= warmup) times.Add(clock.Elapsed.TotalSeconds);
        }
        double median = Median.Of(times);
        return new ForwardResult(variant, batchSize, imageSize, repeats, median, batchSize / median, ProcessMemory.PeakRssMb(),
            output.Average(v => (double)v), torch.get_num_threads());
    }

    static Func<float[]> KitPass(string variant, float[] pixels, int batchSize, int imageSize)
    {
        var model = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 2); // the offline ImageNet weights are a ResNet
        model.eval();
        var input = tensor(pixels, [batchSize, 3, imageSize, imageSize]);
        input.DetachFromDisposeScope();
        if (variant is KitPlain or KitPlainChannelsLast)
            return () =>
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var x = variant == KitPlainChannelsLast ? MemoryFormat.ToChannelsLast(input) : input;
                return model.Features(x).data<float>().ToArray();
            };
        var options = variant switch
        {
            Kit => TransferGuide.Models.Numerics.NumericsGuard.FeaturePath().FrozenOptions,
            KitFolded => new FrozenResNetOptions(),
            KitChannelsLast => new FrozenResNetOptions(ChannelsLast: true),
            KitChannelsLastFixed => new FrozenResNetOptions(ChannelsLast: true) { Fixes = TransferGuide.Models.Numerics.NumericsPath.ClFixes },
            KitChannelsLastBFloat16 => new FrozenResNetOptions(ChannelsLast: true, BFloat16: true),
            _ => new FrozenResNetOptions(BFloat16: true),
        };
        var frozen = new FrozenResNet(model, options);
        return () =>
        {
            using var scope = NewDisposeScope();
            return frozen.Features(input).data<float>().ToArray();
        };
    }

    static Func<float[]> OnnxPass(float[] pixels, int batchSize, int imageSize)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = torch.get_num_threads(),
            InterOpNumThreads = 1,
        };
        var session = new InferenceSession(OnnxBatchRewrite.WithVariableBatch(PretrainedWeights.ResNet18Onnx()), options);
        string inputName = session.InputMetadata.Keys.Single(), outputName = session.OutputMetadata.Keys.Single();
        var input = OrtValue.CreateTensorValueFromMemory(pixels, [batchSize, 3, imageSize, imageSize]);
        var run = new RunOptions();
        return () =>
        {
            using var outputs = session.Run(run, [inputName], [input], [outputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        };
    }
}
