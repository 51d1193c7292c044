using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models.Numerics;
using TransferGuide.Training.Schedules;

using static TorchSharp.torch;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    ChannelsLastScope? _layout;

    /// <summary>
    /// Runs a plan of phases. On a learner made by <see cref="Resume"/> with the same plan, it carries on from the
    /// saved epoch and batch, with the saved optimiser and RNG state, as if it had never stopped.
    /// </summary>
    public MetricsHistory RunPlan(IReadOnlyList<TrainingPhase> plan, CancellationToken cancel = default)
    {
        var state = _resume is { } r && r.Plan.SequenceEqual(plan) ? r
            : new TrainingState { Plan = plan, PlanStartEpoch = Epoch, PlanStartStep = Step, Options = Options };
        var optimizerBytes = ReferenceEquals(state, _resume) ? _resumeOptimizer : null;
        _resume = null; _resumeOptimizer = null;

        int phaseStartEpoch = state.PlanStartEpoch;
        long phaseStartStep = state.PlanStartStep;
        for (int i = 0; i < plan.Count; i++)
        {
            var phase = plan[i];
            int phaseEnd = phaseStartEpoch + phase.Epochs;
            long phaseSteps = phase.Epochs * StepsPerEpoch;
            if (Epoch >= phaseEnd && !(i == state.PhaseIndex && state.BatchInEpoch > 0))
            {
                phaseStartEpoch = phaseEnd; phaseStartStep += phaseSteps;
                continue;
            }
            SetTrainableFrom(phase.TrainableFrom);
            var (optimizer, baseLrs) = BuildOptimizer(phase);
            using var _ = optimizer;
            if (optimizerBytes != null && state.PhaseIndex == i)
            {
                using var reader = new BinaryReader(new MemoryStream(optimizerBytes));
                optimizer.load_state_dict(reader);
            }
            var schedule = phase.Schedule ?? Schedules.Schedules.OneCycle(Math.Max(1, phaseSteps));
            var progressState = state with { PhaseIndex = i };
            // After the optimiser, so that its state stays contiguous (see ChannelsLastScope).
            using (_layout = ChannelsLastScope.For(Model, Options, Architecture))
            {
                try
                {
                    while (Epoch < phaseEnd)
                    {
                        var ctx = new EpochContext(optimizer, baseLrs, schedule, phaseStartEpoch, phaseStartStep, progressState);
                        bool stop = RunEpoch(ctx, cancel, out progressState);
                        if (stop) return History;
                    }
                }
                finally { _layout = null; }
            }
            phaseStartEpoch = phaseEnd; phaseStartStep += phaseSteps;
            state = progressState with { BatchInEpoch = 0, PartialLoss = 0, PartialCorrect = 0, PartialSeen = 0 };
        }
        return History;
    }

    sealed record EpochContext(OptimizerHelper Optimizer, double[] BaseLrs, LrSchedule Schedule, int PhaseStartEpoch, long PhaseStartStep, TrainingState State);

    /// <returns>True when early stopping ended training.</returns>
    bool RunEpoch(EpochContext ctx, CancellationToken cancel, out TrainingState state)
    {
        state = ctx.State;
        var clock = Stopwatch.StartNew();
        var order = Options.BalanceClasses
            ? Data.ClassBalance.WeightedOrder(_train.Items, Classes.Count, Options.Seed, Epoch)
            : _train.Order(Options.Seed, Epoch, shuffle: true);
        int batchSize = Options.BatchSize, accum = Options.AccumulationSteps;
        int batches = (order.Length + batchSize - 1) / batchSize;
        int startBatch = state.BatchInEpoch;
        double lossSum = state.PartialLoss; long correct = state.PartialCorrect, seen = state.PartialSeen;
        var device = Model.Device;
        SetTrainMode();
        ctx.Optimizer.zero_grad();
        using var precision = MixedPrecisionStep.For(Options.Precision, Model, channelsLast: _layout?.Active == true, recomputeStem: Options.RecomputeStem, fixes: _layout?.Fixes);
        using var classWeights = Options.WeightedLoss ? tensor(Data.ClassBalance.Weights(_train.Items, Classes.Count)).to(device) : null;
        precision.ClassWeights = classWeights;

        int b = startBatch;
        foreach (var batch in _train.Batches(order, batchSize, Options.Seed, Epoch, startBatch))
        {
            if (b % accum == 0 && cancel.IsCancellationRequested)
            {
                state = state with { BatchInEpoch = b, PartialLoss = lossSum, PartialCorrect = correct, PartialSeen = seen };
                if (Options.CheckpointPath != null) SaveCheckpoint(Options.CheckpointPath, ctx.Optimizer, state);
                cancel.ThrowIfCancellationRequested();
            }
            if (b % accum == 0) SetLearningRates(ctx);
            int groupFirst = b / accum * accum, groupLast = Math.Min(groupFirst + accum, batches) - 1;
            int groupItems = Math.Min(order.Length, (groupLast + 1) * batchSize) - groupFirst * batchSize;
            if (batch.Count > 0)
            {
                using var scope = NewDisposeScope();
                var hard = batch.Indices.Select(i => _train.Items[i].Label).ToArray();
                var y = tensor(hard.Select(l => (long)l).ToArray()).to(device);
                var pixels = batch.Pixels;
                var target = y;
                if (Options.Mixing is { } mixing)
                {
                    // Seeded by (seed, epoch, batch) like everything else, so a resumed run mixes the same way.
                    var mixed = Augment.BatchMix.Apply(mixing, pixels, hard, Classes.Count, batch.Size, new Random(Reproducibility.Mix(Options.Seed, Epoch, b, 0x313)));
                    pixels = mixed.Pixels;
                    target = tensor(mixed.Targets, [batch.Count, Classes.Count]).to(device);
                }
                var x = Layout(tensor(pixels, [batch.Count, 3, batch.Size, batch.Size]).to(device));
                var (loss, logits) = precision.ForwardBackward(x, target, Options.LabelSmoothing, groupItems, L1Penalty, Loss);
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                    throw new TrainingDivergedException(
                        $"The loss became {value} at epoch {Epoch + 1}, step {Step + 1} (learning rate {CurrentLr(ctx.Optimizer):G3}). " +
                        "Lower the learning rate (try 10x smaller, or run FindLearningRate) and train again" +
                        (Options.CheckpointPath != null ? $"; the last good checkpoint is still {Options.CheckpointPath}." : "."));
                lossSum += value * groupItems;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += batch.Count;
            }
            if (b == groupLast)
            {
                if (precision.Step(ctx.Optimizer)) Step++;
                ctx.Optimizer.zero_grad();
                History.Steps.Add(new StepMetrics(Step, lossSum / Math.Max(1, seen), CurrentLr(ctx.Optimizer)));
            }
            b++;
            BatchProgress?.Report(new WorkProgress($"epoch {Epoch + 1}", b, batches, seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }

        var (vLoss, vAcc) = Validate();
        Epoch++;
        var metrics = new EpochMetrics(Epoch, lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen), vLoss, vAcc,
            CurrentLr(ctx.Optimizer), clock.Elapsed.TotalSeconds);
        History.Epochs.Add(metrics);
        EpochProgress?.Report(metrics);

        state = state with { BatchInEpoch = 0, PartialLoss = 0, PartialCorrect = 0, PartialSeen = 0 };
        bool stop = false;
        if (Options.EarlyStopping is { } es && vLoss is { } heldLoss)
        {
            if (heldLoss < state.BestValidLoss - es.MinDelta)
            {
                state = state with { BestValidLoss = heldLoss, EpochsWithoutImprovement = 0 };
                if (es.RestoreBest) KeepBest();
            }
            else
            {
                state = state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
                stop = state.EpochsWithoutImprovement >= es.Patience;
            }
        }
        if (Options.CheckpointPath != null) SaveCheckpoint(Options.CheckpointPath, ctx.Optimizer, state);
        if (stop && Options.EarlyStopping!.RestoreBest) RestoreBest();
        return stop;
    }

    /// <summary>The batch in the layout the weights have now (channels-last inside a training phase).</summary>
    Tensor Layout(Tensor x) => _layout?.Input(x) ?? x;

    Tensor? L1Penalty()
    {
        if (Options.L1 <= 0) return null;
        Tensor? sum = null;
        foreach (var (name, p) in Model.named_parameters())
            if (p.requires_grad && name.EndsWith("weight", StringComparison.Ordinal) && p.dim() > 1)
                sum = sum is null ? p.abs().sum() : sum + p.abs().sum();
        return sum is null ? null : sum * Options.L1;
    }

    void SetLearningRates(EpochContext ctx)
    {
        long t = ctx.Schedule.Unit == ScheduleUnit.Step ? Step - ctx.PhaseStartStep : Epoch - ctx.PhaseStartEpoch;
        double m = ctx.Schedule.Multiplier(t);
        int g = 0;
        foreach (var group in ctx.Optimizer.ParamGroups) group.LearningRate = ctx.BaseLrs[g++] * m;
    }

    static double CurrentLr(OptimizerHelper optimizer) => optimizer.ParamGroups.Last().LearningRate;

    /// <summary>Train mode for trainable groups; frozen groups (BatchNorm included) stay in eval mode.</summary>
    void SetTrainMode()
    {
        Model.train();
        var groups = Model.LayerGroups();
        for (int g = 0; g < TrainableFrom; g++)
            foreach (var m in groups[g].Modules) m.eval();
    }

    (OptimizerHelper Optimizer, double[] BaseLrs) BuildOptimizer(TrainingPhase phase)
    {
        var groups = Model.LayerGroups();
        var lrs = new List<double>();
        var sets = new List<IEnumerable<Parameter>>();
        for (int g = phase.TrainableFrom; g < groups.Count; g++)
        {
            // Geometric spacing from head (rate) down to stem (rate / spread).
            double lr = phase.LearningRate / Math.Pow(phase.LrSpread, (double)(groups.Count - 1 - g) / (groups.Count - 1));
            lrs.Add(lr);
            sets.Add(groups[g].Modules.SelectMany(m => m.parameters()).ToList());
        }
        double wd = Options.WeightDecay;
        OptimizerHelper optimizer = Options.Optimizer switch
        {
            OptimizerKind.AdamW => optim.AdamW(sets.Select((s, i) => new AdamW.ParamGroup(s, lrs[i], 0.9, 0.999, 1e-8, wd, false, false))),
            OptimizerKind.Adam => optim.Adam(sets.Select((s, i) => new Adam.ParamGroup(s, lrs[i], 0.9, 0.999, 1e-8, wd, false, false))),
            OptimizerKind.Sgd => optim.SGD(sets.Select((s, i) => new SGD.ParamGroup(s, lrs[i], Options.Momentum, 0, wd, false, false)), lrs[0]),
            OptimizerKind.SgdNesterov => optim.SGD(sets.Select((s, i) => new SGD.ParamGroup(s, lrs[i], Options.Momentum, 0, wd, true, false)), lrs[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(phase), Options.Optimizer, "unknown optimiser"),
        };
        return (optimizer, lrs.ToArray());
    }

    (double? Loss, double? Accuracy) Validate()
    {
        if (_valid.Count == 0) return (null, null);
        var (probs, labels, _, loss) = Predict(_valid);
        int k = Classes.Count, right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
            if (best == labels[i]) right++;
        }
        return (loss, labels.Length == 0 ? 0 : (double)right / labels.Length);
    }

    (float[] Probabilities, int[] Labels, string[] Paths, double Loss) Predict(ImageBatchSource source, IReadOnlyList<Data.IImageTransform>? transforms = null)
    {
        Model.eval();
        var device = Model.Device;
        // Outside a training phase the model is plain NCHW: guard that path too (inside, the phase's path holds).
        using var numerics = _layout == null && device.type == DeviceType.CPU ? NumericsGuard.Apply(NumericsGuard.InferencePath(Architecture), Model) : null;
        var probs = new List<float>(); var labels = new List<int>(); var paths = new List<string>();
        double lossSum = 0;
        int batches = (source.Count + Options.BatchSize - 1) / Options.BatchSize, done = 0;
        foreach (var batch in source.Batches(source.Order(0, 0, shuffle: false), Options.BatchSize, 0, 0, transforms: transforms))
        {
            BatchProgress?.Report(new WorkProgress("validate", ++done, batches, 0));
            if (batch.Count == 0) continue;
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = Layout(tensor(batch.Pixels, [batch.Count, 3, batch.Size, batch.Size]).to(device));
            var yl = batch.Indices.Select(i => source.Items[i].Label).ToArray();
            var logits = Model.call(x);
            lossSum += nn.functional.cross_entropy(logits, tensor(yl.Select(l => (long)l).ToArray()).to(device), reduction: nn.Reduction.Sum).item<float>();
            probs.AddRange(logits.softmax(1).cpu().contiguous().data<float>().ToArray());
            labels.AddRange(yl);
            paths.AddRange(batch.Indices.Select(i => source.Items[i].Path));
        }
        return (probs.ToArray(), labels.ToArray(), paths.ToArray(), labels.Count == 0 ? 0 : lossSum / labels.Count);
    }
}
