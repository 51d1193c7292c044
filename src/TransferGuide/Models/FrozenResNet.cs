using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using TransferGuide.Core.Native;

namespace TransferGuide.Models;

/// <summary>How a <see cref="FrozenResNet"/> lays out its arithmetic.</summary>
/// <param name="ChannelsLast">Keep activations and weights in NHWC order (oneDNN's preferred layout on CPUs).</param>
/// <param name="BFloat16">Compute in bfloat16 (features come back as float32); about half the work on AVX512-BF16 cores, at a small loss of precision.</param>
public sealed record FrozenResNetOptions(bool ChannelsLast = false, bool BFloat16 = false)
{
    /// <summary>Convolution rewrites that keep a layout correct on CPUs whose oneDNN kernels fail (<see cref="ConvFixes"/>).</summary>
    public ConvFixes Fixes { get; init; } = ConvFixes.None;

    /// <summary>
    /// The fastest layout <c>tg bench</c> measured: channels-last, and bf16 where the CPU computes it natively
    /// (AVX512-BF16 or AMX); elsewhere bf16 is emulated and slower, so fp32. bf16 features point the same way as fp32
    /// ones (cosine ≥ 0.999, tested). The kit does not run it unchecked: feature extraction asks the numerics guard
    /// (<c>NumericsGuard.FeaturePath</c>), which falls back from this to the fastest path that gave the reference
    /// answer on this machine.
    /// </summary>
    public static FrozenResNetOptions Default { get; } = new(ChannelsLast: true, BFloat16: CpuHasNativeBFloat16());

    /// <summary>Whether this CPU has bf16 dot-product instructions (Linux: avx512_bf16 or amx_bf16 in /proc/cpuinfo).</summary>
    public static bool CpuHasNativeBFloat16()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(cpuinfo)) return false;
        var flags = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
        return flags.Contains(" avx512_bf16", StringComparison.Ordinal) || flags.Contains(" amx_bf16", StringComparison.Ordinal);
    }

    /// <summary>Appended to feature-cache keys: empty for float32, whose features match the unfolded model's.</summary>
    public string CacheTag => BFloat16 ? ":bf16" : "";
}

/// <summary>
/// An inference-only copy of a <see cref="ResNet"/>'s backbone with every BatchNorm folded into the
/// convolution before it: <c>w' = w·γ/√(σ²+ε)</c>, <c>b' = β − μ·γ/√(σ²+ε)</c>. A frozen backbone's
/// BatchNorm is a fixed affine map, so folding removes a full pass over every activation and gives the
/// same features (within float rounding). It snapshots the weights: build it after training, not before.
/// </summary>
public sealed class FrozenResNet : IDisposable
{
    const double Eps = 1e-5;

    sealed record ConvBn(Tensor Weight, Tensor Bias, long Stride, long Padding);

    readonly ConvBn _stem;
    readonly List<(ConvBn Conv1, ConvBn Conv2, ConvBn? Downsample)> _blocks = [];
    readonly FrozenResNetOptions _options;

    /// <summary>Width of the pooled feature vector.</summary>
    public int FeatureSize { get; }

    /// <summary>Folds <paramref name="model"/>'s BatchNorms into its convolutions (the model itself is not changed).</summary>
    public FrozenResNet(ResNet model, FrozenResNetOptions? options = null)
    {
        _options = options ?? new FrozenResNetOptions();
        FeatureSize = model.FeatureSize;
        var tensors = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(model.named_buffers().Select(b => (b.name, b.buffer)))
            .ToDictionary(t => t.Item1, t => t.Item2);
        using var _ = no_grad();
        _stem = Fold(tensors, "conv1", "bn1", 2, 3);
        for (int stage = 0; stage < 4; stage++)
            for (int block = 0; block < model.Blocks[stage]; block++)
            {
                string p = $"layer{stage + 1}.{block}";
                long stride = block == 0 && stage > 0 ? 2 : 1;
                var down = tensors.ContainsKey(p + ".downsample.0.weight") ? Fold(tensors, p + ".downsample.0", p + ".downsample.1", stride, 0) : null;
                _blocks.Add((Fold(tensors, p + ".conv1", p + ".bn1", stride, 1), Fold(tensors, p + ".conv2", p + ".bn2", 1, 1), down));
            }
    }

    ConvBn Fold(Dictionary<string, Tensor> t, string conv, string bn, long stride, long padding)
    {
        var scale = t[bn + ".weight"].detach() / (t[bn + ".running_var"].detach() + Eps).sqrt();
        var weight = t[conv + ".weight"].detach() * scale.reshape(-1, 1, 1, 1);
        var bias = t[bn + ".bias"].detach() - t[bn + ".running_mean"].detach() * scale;
        scale.Dispose();
        if (_options.BFloat16) { weight = Swap(weight, weight.to(ScalarType.BFloat16)); bias = Swap(bias, bias.to(ScalarType.BFloat16)); }
        if (_options.ChannelsLast) weight = Swap(weight, ToChannelsLast(weight));
        weight.DetachFromDisposeScope();
        bias.DetachFromDisposeScope();
        return new ConvBn(weight, bias, stride, padding);
    }

    /// <summary>The same NCHW tensor with NHWC strides; see <see cref="MemoryFormat.ToChannelsLast"/>.</summary>
    public static Tensor ToChannelsLast(Tensor t) => MemoryFormat.ToChannelsLast(t);

    static Tensor Swap(Tensor old, Tensor replacement)
    {
        if (!ReferenceEquals(old, replacement) && old.Handle != replacement.Handle) old.Dispose();
        return replacement;
    }

    Tensor Conv(Tensor x, ConvBn c) => _options.Fixes.Conv2d(x, c.Weight, c.Bias, c.Stride, c.Padding);

    /// <summary>Pooled features <c>N × 512</c> (float32) of a normalised <c>N × 3 × H × W</c> float batch; runs under no_grad.</summary>
    public Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (_options.BFloat16) x = x.to(ScalarType.BFloat16);
        if (_options.ChannelsLast) x = ToChannelsLast(x);
        var y = Conv(x, _stem).relu_();
        y = F.max_pool2d(y, [3, 3], strides: [2, 2], padding: [1, 1]);
        foreach (var (c1, c2, down) in _blocks)
        {
            var h = Conv(y, c1).relu_();
            h = Conv(h, c2);
            h = h.add_(down is null ? y : Conv(y, down), KeptScalars.One).relu_();
            y = h;
        }
        var pooled = y.mean([2, 3]);
        return scope.MoveToOuter(pooled.to(ScalarType.Float32).contiguous());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in new[] { _stem }.Concat(_blocks.SelectMany(b => new[] { b.Conv1, b.Conv2, b.Downsample })).OfType<ConvBn>())
        {
            c.Weight.Dispose();
            c.Bias.Dispose();
        }
    }
}
