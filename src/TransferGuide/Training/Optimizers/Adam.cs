using TorchSharp.Modules;
using TransferGuide.Core.Native;
using static TorchSharp.torch;

namespace TransferGuide.Training.Optimizers;

/// <summary>
/// TorchSharp's Adam (same options, state and arithmetic) with a step whose scalars stay alive while libtorch reads
/// them (<see cref="StepScalars"/> says why). It keeps the type name Adam, which saved optimiser state records, so
/// state saved by either loads into the other.
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam
{
    /// <summary>Adam over <paramref name="parameters"/>, with TorchSharp's defaults.</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

    /// <summary>Adam over parameter groups, each with its own options (e.g. a rate per layer group).</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        using var s = new StepScalars();
        foreach (var p in group.Parameters)
        {
            if (p.grad is not { } grad) continue;
            var state = (State)_state[p.Handle];
            AdamUpdate.Apply(p, grad, ref state.step, state.exp_avg, state.exp_avg_sq, ref state.max_exp_avg_sq,
                o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value,
                o.amsgrad!.Value, o.maximize!.Value, decoupled: false, s);
        }
    }, closure);
}
