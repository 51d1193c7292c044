using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Models;
using TransferGuide.Models.Numerics;

using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Lays a model's convolution weights out channels-last (NHWC) for one stretch of training, and its input
/// batches with them, then puts the weights back. On a CPU the default ants/bees fine-tune ran 1.19-1.32x faster
/// this way (<c>tg train --layout auto</c> against <c>--layout nchw</c>; the step alone: <c>tg bench --train
/// kit,kit-nchw</c>): oneDNN convolves NHWC natively and otherwise reorders every
/// activation and weight gradient on each call. Outside the scope the model is plain NCHW again, so saving,
/// exporting, Grad-CAM and folding see what they always did.
/// </summary>
/// <remarks>
/// Build the optimiser before the scope: its moment buffers then stay contiguous, which TorchSharp requires to
/// save them (the update itself works across layouts).
/// </remarks>
internal sealed class ChannelsLastScope : IDisposable
{
    readonly nn.Module? _model;
    readonly IDisposable? _numerics;

    ChannelsLastScope(nn.Module? model, NumericsPath? path, nn.Module owner)
    {
        _model = model;
        Path = path;
        // The numerics path's convolution rewrites (and oneDNN off, where it needs that) hold for the whole phase.
        _numerics = path is null ? null : NumericsGuard.Apply(path, owner);
        if (model != null) MemoryFormat.ConvWeightsToChannelsLast(model);
    }

    /// <summary>
    /// The scope for one phase of training <paramref name="architecture"/>. On a CPU the numerics guard picks the
    /// path: channels-last when <paramref name="options"/> want it (<see cref="PerformanceOptions.UsesChannelsLast"/>)
    /// and its probe passed on this machine, else the fastest path that did. On CUDA, the options alone decide.
    /// A model outside the zoo has no probed path, so it trains in its own layout.
    /// </summary>
    public static ChannelsLastScope For(ZooModel model, LearnerOptions options, string architecture)
    {
        if (!ModelZoo.Available.Any(s => s.Id == architecture)) return new(null, null, model);
        bool wanted = options.Performance.UsesChannelsLast(model.Device);
        if (model.Device.type != DeviceType.CPU) return new(wanted ? model : null, null, model);
        var path = NumericsGuard.TrainingPath(architecture, wanted);
        return new(path.ChannelsLast ? model : null, path, model);
    }

    /// <summary>The numerics path this phase runs (null on CUDA).</summary>
    public NumericsPath? Path { get; }

    /// <summary>The path's convolution rewrites, for models that run beside this one (the reduced-precision shadow).</summary>
    public ConvFixes Fixes => Path?.Fixes ?? ConvFixes.None;

    /// <summary>Whether the weights are channels-last now.</summary>
    public bool Active => _model != null;

    /// <summary>The batch in the scope's layout (the same tensor when inactive).</summary>
    public Tensor Input(Tensor x) => Active ? MemoryFormat.ToChannelsLast(x) : x;

    /// <summary>
    /// Plain weights until disposed, e.g. while the model is written to a checkpoint (TorchSharp saves only
    /// contiguous tensors). The optimiser's state is made plain for good: SGD creates its momentum buffers from
    /// the first (channels-last) gradients, and the update works on either layout.
    /// </summary>
    public IDisposable Suspend(OptimizerHelper? optimizer = null)
    {
        if (_model == null) return new Resumption(null);
        MemoryFormat.ConvWeightsToContiguous(_model);
        if (optimizer != null) MakeStatePlain(optimizer);
        return new Resumption(_model);
    }

    static void MakeStatePlain(OptimizerHelper optimizer)
    {
        foreach (var state in optimizer.state_dict().State)
        {
            Tensor?[] tensors = state switch
            {
                SGD.State sgd => [sgd.momentum_buffer],
                AdamW.State adamw => [adamw.exp_avg, adamw.exp_avg_sq, adamw.max_exp_avg_sq],
                Adam.State adam => [adam.exp_avg, adam.exp_avg_sq, adam.max_exp_avg_sq],
                _ => [],
            };
            foreach (var t in tensors)
                if (t is not null && !t.is_contiguous()) MemoryFormat.ToContiguousInPlace(t);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_model != null) MemoryFormat.ConvWeightsToContiguous(_model);
        _numerics?.Dispose();
    }

    sealed class Resumption(nn.Module? model) : IDisposable
    {
        public void Dispose()
        {
            if (model != null) MemoryFormat.ConvWeightsToChannelsLast(model);
        }
    }
}
