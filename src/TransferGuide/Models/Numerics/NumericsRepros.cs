using TorchSharp;
using TransferGuide.Core.Native;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// Minimal reproductions of the oneDNN faults the guard was built for (libtorch 2.10, oneDNN 3.7.1, AMD Zen 5 under a
/// hypervisor without cache topology), as probe ids so that the tests can run them in a child process:
/// <list type="bullet">
/// <item><c>repro/cl-1x1/raw|fixed</c>: one channels-last 1x1 convolution, 256→512 at 14x14, stride 2 (ResNet18's
/// layer4.0.downsample): <c>brgconv_1x1:avx512_core</c> is wrong by about 0.4 relative; with plain input
/// (<see cref="ConvFixes.PlainInput1x1"/>) <c>jit_1x1</c> runs and is right.</item>
/// <item><c>repro/strided-1x1-backward/raw|split</c>: the backward pass of a 1x1, stride-2 convolution 512→1024
/// (ResNet50's layer3.0.downsample): dies with SIGFPE in <c>brg_blocking_t::est_eff_1x1</c>; split
/// (<see cref="ConvFixes.SplitStrided1x1"/>) it runs and is right.</item>
/// </list>
/// Each compares with libtorch's native kernels (oneDNN off) and passes within 1e-5 relative.
/// </summary>
public static class NumericsRepros
{
    /// <summary>The reproduction ids.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        ["repro/cl-1x1/raw", "repro/cl-1x1/fixed", "repro/strided-1x1-backward/raw", "repro/strided-1x1-backward/split"];

    /// <summary>Runs one reproduction.</summary>
    public static Verdict Run(string id)
    {
        using var scope = NewDisposeScope();
        var g = new torch.Generator(1202);
        bool backward = id.StartsWith("repro/strided-1x1-backward/", StringComparison.Ordinal);
        var x = backward ? randn([2, 512, 8, 8], generator: g) : randn([2, 256, 14, 14], generator: g);
        var w = backward ? randn([1024, 512, 1, 1], generator: g) * 0.05 : randn([512, 256, 1, 1], generator: g) * 0.05;
        var fixes = id switch
        {
            "repro/cl-1x1/raw" or "repro/strided-1x1-backward/raw" => ConvFixes.None,
            "repro/cl-1x1/fixed" => new ConvFixes(PlainInput1x1: true),
            "repro/strided-1x1-backward/split" => new ConvFixes(SplitStrided1x1: true),
            _ => throw new ArgumentException($"Unknown reproduction '{id}'.", nameof(id)),
        };
        List<Tensor> Go(bool oneDnn, bool channelsLast, ConvFixes f)
        {
            using var off = oneDnn ? null : OneDnn.Disable();
            var xi = (channelsLast ? MemoryFormat.ToChannelsLast(x) : x.clone()).requires_grad_(backward);
            var wi = (channelsLast ? MemoryFormat.ToChannelsLast(w) : w.clone()).requires_grad_(backward);
            var y = f.Conv2d(xi, wi, null, stride: 2, padding: 0);
            if (!backward) return [y.detach()];
            y.sum().backward();
            return [y.detach(), xi.grad!, wi.grad!];
        }
        var reference = Go(oneDnn: false, channelsLast: false, ConvFixes.None);
        var got = Go(oneDnn: true, channelsLast: !backward, fixes);
        double error = got.Zip(reference, (a, b) =>
            (a.contiguous() - b.contiguous()).norm().item<float>() / Math.Max(b.norm().item<float>(), 1e-30f)).Max();
        return new Verdict(error <= 1e-5, $"relative error {error:G3} against the native kernels (tolerance 1e-5)", Error: error);
    }
}
