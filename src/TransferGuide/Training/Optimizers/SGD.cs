using TorchSharp.Modules;
using TransferGuide.Core.Native;
using static TorchSharp.torch;

namespace TransferGuide.Training.Optimizers;

/// <summary>
/// TorchSharp's SGD (momentum, dampening, Nesterov, weight decay; same state and arithmetic) with a step whose
/// scalars stay alive while libtorch reads them (<see cref="StepScalars"/> says why). It keeps the type name SGD,
/// which saved optimiser state records, so state saved by either loads into the other.
/// </summary>
public sealed class SGD : TorchSharp.Modules.SGD
{
    /// <summary>SGD over <paramref name="parameters"/>, with TorchSharp's defaults.</summary>
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false)
        : base(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    /// <summary>SGD over parameter groups, each with its own options (e.g. a rate per layer group).</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false)
        : base(groups, lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double momentum = o.momentum!.Value, dampening = o.dampening!.Value, weightDecay = o.weight_decay!.Value;
        double lr = o.LearningRate!.Value;
        using var s = new StepScalars();
        foreach (var p in group.Parameters)
        {
            if (p.grad is not { } grad) continue;
            var state = (State)_state[p.Handle];
            if (weightDecay != 0.0) grad = grad.add(p, s.Of(weightDecay));
            if (momentum != 0.0)
            {
                var buffer = state.momentum_buffer;
                // The first step starts the buffer at the gradient; it outlives this step's dispose scope.
                if (buffer is null) buffer = state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                else buffer.mul_(s.Of(momentum)).add_(grad, s.Of(1.0 - dampening));
                grad = o.nesterov!.Value ? grad.add(buffer, s.Of(momentum)) : buffer;
            }
            p.add_(grad, s.Of(o.maximize!.Value ? lr : -lr));
        }
    }, closure);
}
