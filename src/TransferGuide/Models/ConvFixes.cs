using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// Rewrites of 1x1 convolutions that give the same numbers through other oneDNN kernels. Found on AMD Zen 5 under a
/// hypervisor that hides the cache topology (libtorch 2.10, oneDNN 3.7.1):
/// <list type="bullet">
/// <item><c>brgconv_1x1:avx512_core</c>, the kernel oneDNN picks for channels-last 1x1 convolutions, returns wrong
/// outputs for some shapes with 512 or more output channels (e.g. 256→512 at 14x14, stride 2: ResNet18's
/// layer4.0.downsample; relative error 0.2-0.5) and can die with SIGFPE. The NCHW path uses <c>jit_1x1</c>, which is
/// right: <see cref="PlainInput1x1"/> feeds 1x1 convolutions plain NCHW input.</item>
/// <item>The backward-data pass of a stride-2 1x1 convolution dies with SIGFPE (an integer division by zero in
/// <c>brg_blocking_t::est_eff_1x1</c>) for exactly the channel pairs of oneDNN's "maskrcnn" heuristic, 256→1024,
/// 512→1024, 512→2048, 1024→512 and 1024→2048, whatever the layout or size: ResNet50's downsample paths.
/// <see cref="SplitStrided1x1"/> takes every s-th pixel first and convolves with stride 1, which is the same
/// arithmetic and avoids the strided backward kernel.</item>
/// </list>
/// </summary>
/// <param name="PlainInput1x1">Make the input of every 1x1 convolution plain (NCHW) contiguous.</param>
/// <param name="SplitStrided1x1">Compute a strided 1x1 convolution as a subsample and a stride-1 convolution.</param>
public sealed record ConvFixes(bool PlainInput1x1 = false, bool SplitStrided1x1 = false)
{
    /// <summary>No rewrite.</summary>
    public static ConvFixes None { get; } = new();

    /// <summary>Whether any rewrite is on.</summary>
    public bool Any => PlainInput1x1 || SplitStrided1x1;

    /// <summary>A short name for logs and metrics.json, e.g. "plain-1x1+split-strided-1x1".</summary>
    public string Describe() => !Any ? "none" : string.Join("+", new[] { PlainInput1x1 ? "plain-1x1" : null, SplitStrided1x1 ? "split-strided-1x1" : null }.OfType<string>());

    /// <summary>One convolution with the rewrites applied (the functional form, for code that calls <c>conv2d</c> itself).</summary>
    public Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, long stride, long padding)
    {
        bool is1x1 = weight.shape[2] == 1 && weight.shape[3] == 1 && padding == 0;
        if (is1x1 && SplitStrided1x1 && stride > 1)
        {
            x = Subsample(x, stride);
            stride = 1;
        }
        if (is1x1 && PlainInput1x1) x = x.contiguous();
        return nn.functional.conv2d(x, weight, bias, strides: [stride, stride], padding: [padding, padding]);
    }

    static Tensor Subsample(Tensor x, long stride) =>
        x[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride)];

    /// <summary>
    /// Installs the rewrites on every 1x1 <see cref="Conv2d"/> of <paramref name="model"/> (forward pre-hooks, and
    /// stride 1 for split convolutions) until the returned scope is disposed. Parameters are untouched, so
    /// optimisers, checkpoints and state dicts see the same model.
    /// </summary>
    public IDisposable Install(nn.Module model)
    {
        var undo = new List<Action>();
        if (!Any) return new Undo(undo);
        foreach (var conv in model.modules().OfType<Conv2d>())
        {
            var k = conv.kernel_size;
            bool is1x1 = k.Length == 2 && k[0] == 1 && k[1] == 1 && conv.padding is { } p && p.All(v => v == 0) && conv.groups == 1;
            if (!is1x1) continue;
            var stride = conv.stride;
            long s = stride.Length > 0 ? stride[0] : 1;
            bool split = SplitStrided1x1 && s > 1 && stride.All(v => v == s);
            bool plain = PlainInput1x1;
            if (!split && !plain) continue;
            if (split) conv.stride = [1, 1];
            var hook = conv.register_forward_pre_hook((_, x) =>
            {
                if (split) x = Subsample(x, s);
                return plain ? x.contiguous() : x;
            });
            undo.Add(() => { hook.remove(); if (split) conv.stride = stride; });
        }
        return new Undo(undo);
    }

    sealed class Undo(List<Action> actions) : IDisposable
    {
        public void Dispose()
        {
            foreach (var a in actions) a();
            actions.Clear();
        }
    }
}
