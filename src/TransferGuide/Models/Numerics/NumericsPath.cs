using TransferGuide.Models;

namespace TransferGuide.Models.Numerics;

/// <summary>What a numerics path computes.</summary>
public enum PathKind
{
    /// <summary>Frozen-backbone feature extraction (the folded ResNet).</summary>
    Features,
    /// <summary>A training forward and backward pass, and eval-mode forward passes in the same layout, of one architecture.</summary>
    Training,
    /// <summary>Eval-mode forward passes of one architecture outside training (plain NCHW weights).</summary>
    Inference,
}

/// <summary>
/// One way the kit can run a computation on this CPU: a layout, a precision, convolution rewrites and whether
/// oneDNN is used. The numerics guard runs a path only after its probe gave the reference answer on this machine.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>features/fp32-cl</c> or <c>train/resnet50/nchw-fixed</c>.</param>
/// <param name="Kind">What it computes.</param>
/// <param name="Architecture">The zoo architecture (training and inference paths), else null.</param>
/// <param name="ChannelsLast">Whether activations and weights are laid out NHWC.</param>
/// <param name="BFloat16">Whether it computes in bfloat16.</param>
/// <param name="Fixes">Convolution rewrites applied (<see cref="ConvFixes"/>).</param>
/// <param name="OneDnnOff">Whether libtorch's oneDNN kernels are switched off around it (native ATen kernels).</param>
public sealed record NumericsPath(string Id, PathKind Kind, string? Architecture, bool ChannelsLast, bool BFloat16, ConvFixes Fixes, bool OneDnnOff)
{
    /// <summary>The part of the id after the kind and architecture, e.g. <c>cl-fixed</c>.</summary>
    public string Variant => Id[(Id.LastIndexOf('/') + 1)..];

    /// <summary>The folded-backbone options this feature path runs with.</summary>
    public FrozenResNetOptions FrozenOptions => new(ChannelsLast, BFloat16) { Fixes = Fixes };

    /// <summary>True for the reference path of its kind (oneDNN off, NCHW, fp32): correct by definition, never probed.</summary>
    public bool IsReference => OneDnnOff && !ChannelsLast && !BFloat16;

    /// <summary>
    /// Feature-extraction paths, fastest first (as <c>tg bench</c> measured them): bf16 where the CPU has native bf16,
    /// channels-last before NCHW, a path before its rewritten form, and oneDNN off last.
    /// </summary>
    public static IReadOnlyList<NumericsPath> FeatureCandidates(bool nativeBf16)
    {
        var list = new List<NumericsPath>();
        if (nativeBf16)
        {
            list.Add(Feature("bf16-cl", cl: true, bf16: true, ConvFixes.None));
            list.Add(Feature("bf16-cl-fixed", cl: true, bf16: true, ClFixes));
        }
        list.Add(Feature("fp32-cl", cl: true, bf16: false, ConvFixes.None));
        list.Add(Feature("fp32-cl-fixed", cl: true, bf16: false, ClFixes));
        list.Add(Feature("fp32-nchw", cl: false, bf16: false, ConvFixes.None));
        list.Add(new("features/fp32-nchw-onednn-off", PathKind.Features, null, false, false, ConvFixes.None, OneDnnOff: true));
        return list;
    }

    /// <summary>Training paths of one architecture, fastest first; NCHW only when channels-last is not wanted.</summary>
    public static IReadOnlyList<NumericsPath> TrainingCandidates(string architecture, bool channelsLast)
    {
        string p = $"train/{architecture}/";
        var list = new List<NumericsPath>();
        if (channelsLast)
        {
            list.Add(new(p + "cl", PathKind.Training, architecture, true, false, ConvFixes.None, false));
            list.Add(new(p + "cl-fixed", PathKind.Training, architecture, true, false, ClFixes, false));
        }
        list.Add(new(p + "nchw", PathKind.Training, architecture, false, false, ConvFixes.None, false));
        list.Add(new(p + "nchw-fixed", PathKind.Training, architecture, false, false, NchwFixes, false));
        list.Add(new(p + "onednn-off", PathKind.Training, architecture, false, false, ConvFixes.None, true));
        return list;
    }

    /// <summary>Inference paths of one architecture (plain NCHW weights), fastest first.</summary>
    public static IReadOnlyList<NumericsPath> InferenceCandidates(string architecture)
    {
        string p = $"infer/{architecture}/";
        return
        [
            new(p + "nchw", PathKind.Inference, architecture, false, false, ConvFixes.None, false),
            new(p + "nchw-fixed", PathKind.Inference, architecture, false, false, NchwFixes, false),
            new(p + "onednn-off", PathKind.Inference, architecture, false, false, ConvFixes.None, true),
        ];
    }

    /// <summary>Rewrites for channels-last paths: 1x1 convolutions get plain input, strided ones are split.</summary>
    public static ConvFixes ClFixes { get; } = new(PlainInput1x1: true, SplitStrided1x1: true);

    /// <summary>Rewrites for NCHW paths: strided 1x1 convolutions are split.</summary>
    public static ConvFixes NchwFixes { get; } = new(SplitStrided1x1: true);

    static NumericsPath Feature(string variant, bool cl, bool bf16, ConvFixes fixes) =>
        new("features/" + variant, PathKind.Features, null, cl, bf16, fixes, false);
}
