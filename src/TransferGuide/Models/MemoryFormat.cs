using TorchSharp;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// Channels-last (NHWC) memory layout, PyTorch's <c>channels_last</c>: the same logical N×C×H×W tensor with
/// the channel varying fastest in memory. oneDNN's CPU convolutions work in this order natively; fed NCHW,
/// they reorder every activation (and every weight) on the way in and out. TorchSharp 0.107 has no
/// <c>memory_format</c> argument, so the layout is made by permuting, copying and permuting back.
/// </summary>
public static class MemoryFormat
{
    /// <summary>The same 4-D tensor with NHWC strides (a copy; other ranks are returned as an alias).</summary>
    public static Tensor ToChannelsLast(Tensor t)
    {
        if (t.dim() != 4) return t.alias();
        using var nhwc = t.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }

    /// <summary>Whether a 4-D tensor is laid out channels-last (and not also plain contiguous, as 1×1 kernels are).</summary>
    public static bool IsChannelsLast(Tensor t) => t.dim() == 4 && !t.is_contiguous() && t.stride(1) == 1;

    /// <summary>
    /// Re-lays every 4-D parameter of <paramref name="module"/> (the convolution weights) in channels-last order,
    /// in place: the parameters stay the same objects, so optimisers holding them keep working.
    /// </summary>
    public static void ConvWeightsToChannelsLast(nn.Module module) => Relayout(module, ToChannelsLast);

    /// <summary>
    /// Puts every 4-D parameter of <paramref name="module"/> back in plain contiguous order, in place. TorchSharp
    /// writes only contiguous tensors (<c>module.save</c> throws "Bytes() called on non-contiguous tensor"),
    /// so this comes before saving a model that trained channels-last.
    /// </summary>
    public static void ConvWeightsToContiguous(nn.Module module) => Relayout(module, t => t.contiguous());

    /// <summary>Puts one tensor in plain contiguous order in place (it stays the same object, e.g. an optimiser's buffer).</summary>
    public static void ToContiguousInPlace(Tensor t) => Relayout(t, t.contiguous);

    static void Relayout(nn.Module module, Func<Tensor, Tensor> relayout)
    {
        foreach (var p in module.parameters().Where(p => p.dim() == 4)) Relayout(p, () => relayout(p));
    }

    static void Relayout(Tensor t, Func<Tensor> moved)
    {
        using var _ = no_grad();
        using var copy = moved();
        t.set_(copy);
    }
}
