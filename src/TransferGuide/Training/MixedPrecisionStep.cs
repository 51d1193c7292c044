using TransferGuide.Core.Native;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// One forward/backward pass at the chosen precision. TorchSharp has no autocast, so reduced precision works
/// on a shadow copy of the model in bf16 or fp16: the fp32 master weights are copied in before each
/// micro-batch, the gradients are copied back (unscaled, in fp32) and the optimiser updates the masters.
/// BatchNorm running statistics are copied back too.
/// </summary>
/// <summary>
/// A training loss summed over the batch (the learner divides by the items per optimiser step).
/// Receives the student's fp32 logits, the labels and the input batch (for a teacher to see the same images).
/// </summary>
public delegate Tensor BatchLoss(Tensor logits, Tensor labels, Tensor inputs);

internal abstract class MixedPrecisionStep : IDisposable
{
    /// <param name="precision">fp32, bf16 or fp16.</param>
    /// <param name="model">The fp32 master model.</param>
    /// <param name="channelsLast">Lay the reduced-precision shadow's convolution weights out channels-last, as the master's are.</param>
    /// <param name="fixes">Convolution rewrites of the numerics path in use, installed on the shadow model too.</param>
    /// <param name="recomputeStem">Recompute the stem's activations in the backward pass instead of keeping them (see <see cref="StemRecompute"/>).</param>
    public static MixedPrecisionStep For(Precision precision, ZooModel model, bool channelsLast = false, bool recomputeStem = false, ConvFixes? fixes = null) => precision switch
    {
        Precision.Float32 => new Fp32Step(model) { RecomputeStem = recomputeStem },
        Precision.BFloat16 => new ShadowStep(model, ScalarType.BFloat16, scaler: null, channelsLast, fixes) { RecomputeStem = recomputeStem },
        Precision.Float16 => new ShadowStep(model, ScalarType.Float16, new LossScaler(), channelsLast, fixes) { RecomputeStem = recomputeStem },
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };

    /// <summary>
    /// Runs the micro-batch and accumulates gradients into the master weights. The loss is the summed
    /// cross-entropy divided by the items of the whole accumulation group, so micro-batches add up to the
    /// mean over the group, exactly as one large batch would.
    /// </summary>
    public abstract (Tensor Loss, Tensor Logits) ForwardBackward(Tensor x, Tensor y, double labelSmoothing, int groupItems, Func<Tensor?> l1, BatchLoss? custom = null);

    /// <summary>Whether the stem's activations are recomputed in the backward pass.</summary>
    public bool RecomputeStem { get; init; }

    /// <summary>Per-class loss weights (null: every class counts the same per item). The caller owns the tensor.</summary>
    public Tensor? ClassWeights { get; set; }

    /// <summary>Steps the optimiser unless the gradients overflowed; returns whether it stepped.</summary>
    public abstract bool Step(OptimizerHelper optimizer);

    public virtual void Dispose() { }

    protected Tensor Loss(Tensor logits, Tensor y, Tensor x, double labelSmoothing, int groupItems, Func<Tensor?> l1, BatchLoss? custom)
    {
        // y holds class indices, or soft labels (N x classes) when batches are mixed; cross_entropy takes either.
        var sum = custom?.Invoke(logits, y, x)
            ?? nn.functional.cross_entropy(logits, y, ClassWeights, reduction: nn.Reduction.Sum, label_smoothing: labelSmoothing);
        // Explicit, kept scalars: an implicit one can be finalised while libtorch reads it (StepScalars says why).
        using var s = new StepScalars();
        var loss = sum.div(s.Of(groupItems));
        if (l1() is { } penalty) loss = loss.add(penalty.mul(s.Of((double)y.shape[0] / groupItems)), KeptScalars.One);
        return loss;
    }

    sealed class Fp32Step(ZooModel model) : MixedPrecisionStep
    {
        public override (Tensor, Tensor) ForwardBackward(Tensor x, Tensor y, double smoothing, int groupItems, Func<Tensor?> l1, BatchLoss? custom)
        {
            var (logits, backward) = StemRecompute.Forward(model, x, RecomputeStem);
            var loss = Loss(logits, y, x, smoothing, groupItems, l1, custom);
            backward(loss);
            return (loss, logits);
        }

        public override bool Step(OptimizerHelper optimizer) { optimizer.step(); return true; }
    }

    sealed class ShadowStep : MixedPrecisionStep
    {
        readonly ZooModel _master, _shadow;
        readonly ScalarType _dtype;
        readonly LossScaler? _scaler;
        readonly List<(Parameter Master, Parameter Shadow)> _params;
        readonly List<(Tensor Master, Tensor Shadow)> _buffers;
        readonly List<(nn.Module Master, nn.Module Shadow)> _modules;
        readonly IDisposable _fixes;
        bool _overflow;

        public ShadowStep(ZooModel master, ScalarType dtype, LossScaler? scaler, bool channelsLast, ConvFixes? fixes)
        {
            _master = master; _dtype = dtype; _scaler = scaler;
            _shadow = master.NewUntrained();
            _shadow.to(master.Device);
            _shadow.to(dtype);
            // copy_ keeps the destination's layout, so this holds for every micro-batch.
            if (channelsLast) MemoryFormat.ConvWeightsToChannelsLast(_shadow);
            // The same convolution rewrites as the master's numerics path (the shadow is a separate module tree).
            _fixes = (fixes ?? ConvFixes.None).Install(_shadow);
            _params = master.named_parameters().Zip(_shadow.named_parameters(), (m, s) => (m.parameter, s.parameter)).ToList();
            _buffers = master.named_buffers().Zip(_shadow.named_buffers(), (m, s) => (m.buffer, s.buffer))
                .Where(b => b.Item1.is_floating_point()).ToList();
            _modules = master.named_modules().Zip(_shadow.named_modules(), (m, s) => (m.module, s.module)).ToList();
        }

        public override (Tensor, Tensor) ForwardBackward(Tensor x, Tensor y, double smoothing, int groupItems, Func<Tensor?> l1, BatchLoss? custom)
        {
            using (no_grad())
            {
                foreach (var (m, s) in _params) { s.copy_(m); s.requires_grad = m.requires_grad; }
                foreach (var (m, s) in _buffers) s.copy_(m);
            }
            foreach (var (m, s) in _modules) { if (m.training) s.train(); else s.eval(); }

            var (output, backward) = StemRecompute.Forward(_shadow, x.to(_dtype), RecomputeStem);
            var logits = output.to(ScalarType.Float32);
            var loss = Loss(logits, y, x, smoothing, groupItems, l1, custom);
            var scaled = _scaler is null ? loss : loss * _scaler.Scale;
            backward(scaled);

            using (no_grad())
            {
                double unscale = _scaler is null ? 1.0 : 1.0 / _scaler.Scale;
                foreach (var (m, s) in _params)
                {
                    if (s.grad is not { } g) continue;
                    var g32 = g.to(ScalarType.Float32) * unscale;
                    if (!g32.isfinite().all().item<bool>()) _overflow = true;
                    if (m.grad is null) m.grad = g32.detach().clone();
                    else m.grad.add_(g32);
                    s.grad = null;
                }
                foreach (var (m, s) in _buffers) m.copy_(s);
            }
            return (loss, logits);
        }

        public override bool Step(OptimizerHelper optimizer)
        {
            bool ok = _scaler?.Update(!_overflow) ?? !_overflow;
            _overflow = false;
            if (ok) optimizer.step();
            return ok;
        }

        public override void Dispose() { _fixes.Dispose(); _shadow.Dispose(); }
    }
}
