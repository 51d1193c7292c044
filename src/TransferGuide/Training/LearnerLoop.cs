using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Data;
using TransferGuide.Training.Schedules;

using static TorchSharp.torch;

namespace TransferGuide.Training;

public sealed partial class Learner
{
    ChannelsLastScope? _layout;

    /// <summary>
    /// The loop's callbacks, in the order each event reaches them. Order matters after an epoch: the history and the
    /// listeners see the epoch first, early stopping then decides, the checkpoint records that decision, and only
    /// then are the best weights put back.
    /// </summary>
    IReadOnlyList<LearnerCallback> Callbacks() =>
        [new MixingCallback(), new L1Penalty(), new DivergenceGuard(), new Recorder(), new ProgressReporter(), _earlyStopping, new CheckpointSaver()];

    /// <summary>
    /// Runs a plan of phases. On a learner made by <see cref="Resume(string, ImageDataset)"/> with the same plan, it carries on from the
    /// saved epoch and batch, with the saved optimiser and RNG state, as if it had never stopped.
    /// </summary>
    public MetricsHistory RunPlan(IReadOnlyList<TrainingPhase> plan, CancellationToken cancel = default)
    {
        var state = _resume is { } r && r.Plan.SequenceEqual(plan) ? r
            : new TrainingState { Plan = plan, PlanStartEpoch = Epoch, PlanStartStep = Step, Options = Options };
        bool resumed = ReferenceEquals(state, _resume);
        var optimizerBytes = resumed ? _resumeOptimizer : null;
        _resume = null; _resumeOptimizer = null;
        Plan = state.Plan;
        // A plan that early stopping ended is finished, though epochs were left: resuming it trains no more.
        if (resumed && Options.EarlyStopping is { } es && state.PhaseIndex == plan.Count - 1 && state.BatchInEpoch == 0 &&
            state.EpochsWithoutImprovement >= es.Patience)
            return Finish(state);
        var callbacks = Callbacks();

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
                using (var reader = new BinaryReader(new MemoryStream(optimizerBytes)))
                    optimizer.load_state_dict(reader);
                // The saved state (two moments per weight for AdamW, ~90 MB for a ResNet18) now lives in the optimiser;
                // without a collection here its large-object copy stays committed through the whole resumed run.
                optimizerBytes = null;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
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
                        var ctx = new PhaseContext(optimizer, baseLrs, schedule, phaseStartEpoch, phaseStartStep, callbacks);
                        bool stop = RunEpoch(ctx, progressState, cancel, out progressState);
                        if (stop) return Finish(progressState);
                    }
                }
                finally { _layout = null; }
            }
            phaseStartEpoch = phaseEnd; phaseStartStep += phaseSteps;
            state = progressState with { BatchInEpoch = 0, PartialLoss = 0, PartialCorrect = 0, PartialSeen = 0 };
        }
        return Finish(state);
    }

    /// <summary>
    /// The end of a plan: the best epoch on validation (early stopping's record) is the model a run keeps, so its weights
    /// are put back and the checkpoint is written again with them; a resumed finished plan has nothing left to run.
    /// </summary>
    MetricsHistory Finish(TrainingState state)
    {
        BestEpoch = state.BestEpoch > 0 ? state.BestEpoch : null;
        BestEpochNote = null;
        if (Options.EarlyStopping is { RestoreBest: true } && state.BestEpoch > 0 && state.BestEpoch != Epoch && !_earlyStopping.Holds(state.BestEpoch))
        {
            // Only a run resumed from an older kit's checkpoint gets here: those did not carry the best weights.
            BestEpochNote = $"validation's best epoch was {state.BestEpoch}, but the checkpoint this run resumed from does not hold its weights " +
                            $"(written by an older version of the kit), so epoch {Epoch}'s are kept";
        }
        if (_earlyStopping.PutBackBest(this, state) && Options.CheckpointPath is { } path) SaveCheckpoint(path, state);
        return History;
    }

    sealed record PhaseContext(OptimizerHelper Optimizer, double[] BaseLrs, LrSchedule Schedule, int PhaseStartEpoch, long PhaseStartStep,
        IReadOnlyList<LearnerCallback> Callbacks);

    /// <returns>True when a callback (early stopping) ended training.</returns>
    bool RunEpoch(PhaseContext phase, TrainingState start, CancellationToken cancel, out TrainingState state)
    {
        var order = Options.Regularization.BalanceClasses
            ? ClassBalance.WeightedOrder(_train.Labels, Classes.Count, Options.Seed, Epoch)
            : BatchOrder.Shuffled(_train.Count, Options.Seed, Epoch);
        int batchSize = Options.BatchSize, accum = Options.Optimizer.AccumulationSteps;
        int batches = (order.Length + batchSize - 1) / batchSize;
        var loop = new LoopContext(this, phase.Optimizer, phase.Callbacks, batches, start);

        SetTrainMode();
        phase.Optimizer.zero_grad();
        using var precision = MixedPrecisionStep.For(Options.Performance.Precision, Model, channelsLast: _layout?.Active == true,
            recomputeStem: Options.Performance.RecomputesStem(Model.Device), fixes: _layout?.Fixes);
        using var classWeights = Options.Regularization.WeightedLoss ? tensor(ClassBalance.Weights(_train.Labels, Classes.Count)).to(Model.Device) : null;
        precision.ClassWeights = classWeights;

        foreach (var batch in _train.Batches(order, batchSize, Options.Seed, Epoch, loop.BatchIndex))
        {
            int b = loop.BatchIndex;
            if (b % accum == 0)
            {
                if (cancel.IsCancellationRequested)
                {
                    loop.State = loop.State with { BatchInEpoch = b, PartialLoss = loop.LossSum, PartialCorrect = loop.Correct, PartialSeen = loop.Seen };
                    loop.Raise(c => c.Cancelled(loop));
                    cancel.ThrowIfCancellationRequested();
                }
                SetLearningRates(phase);
            }
            int groupFirst = b / accum * accum, groupLast = Math.Min(groupFirst + accum, batches) - 1;
            int groupItems = Math.Min(order.Length, (groupLast + 1) * batchSize) - groupFirst * batchSize;
            if (batch.Count > 0) TrainBatch(loop, batch, precision, groupItems);
            if (b == groupLast)
            {
                if (precision.Step(phase.Optimizer)) Step++;
                phase.Optimizer.zero_grad();
                loop.Raise(c => c.AfterStep(loop));
            }
            loop.BatchIndex++;
            loop.Raise(c => c.AfterBatch(loop));
        }

        var (vLoss, vAcc) = Validate();
        Epoch++;
        loop.Metrics = new EpochMetrics(Epoch, loop.LossSum / Math.Max(1, loop.Seen), (double)loop.Correct / Math.Max(1, loop.Seen), vLoss, vAcc,
            loop.LearningRate, loop.Clock.Elapsed.TotalSeconds);
        loop.State = loop.State with { BatchInEpoch = 0, PartialLoss = 0, PartialCorrect = 0, PartialSeen = 0 };
        loop.Raise(c => c.AfterEpoch(loop));
        if (loop.StopRequested) loop.Raise(c => c.AfterStopEarly(loop));
        state = loop.State;
        return loop.StopRequested;
    }

    /// <summary>One micro-batch: callbacks may reshape it, then forward and backward at the chosen precision, then the loss is checked and counted.</summary>
    void TrainBatch(LoopContext loop, Batch batch, MixedPrecisionStep precision, int groupItems)
    {
        using var scope = NewDisposeScope();
        var device = Model.Device;
        loop.Begin(batch);
        loop.Raise(c => c.BeforeBatch(loop));
        var y = tensor(batch.Labels.Select(l => (long)l).ToArray()).to(device);
        var target = loop.SoftTargets is { } soft ? tensor(soft, [batch.Count, Classes.Count]).to(device) : y;
        var x = Layout(loop.Inputs!.ToTensor().to(device));
        // Each part's loss is its share of the group's (summed, divided by groupItems), so the parts' gradients add up to the batch's.
        long n = x.shape[0], size = PartSize(x);
        double lossValue = 0;
        long correct = 0;
        for (long start = 0; start < n; start += size)
        {
            using var part = NewDisposeScope();
            long count = Math.Min(size, n - start);
            bool whole = count == n;
            var (loss, logits) = precision.ForwardBackward(whole ? x : x.narrow(0, start, count), whole ? target : target.narrow(0, start, count),
                Options.Regularization.LabelSmoothing, groupItems, loop.Penalty, Loss);
            lossValue += loss.item<float>();
            correct += logits.argmax(1).eq(whole ? y : y.narrow(0, start, count)).sum().item<long>();
        }
        loop.LossValue = lossValue;
        loop.Raise(c => c.AfterLoss(loop));
        loop.LossSum += loop.LossValue * groupItems;
        loop.Correct += correct;
        loop.Seen += batch.Count;
    }

    /// <summary>Items per forward pass: the whole batch, or fewer when its positions exceed <see cref="PerformanceOptions.MaxTokensPerForward"/>.</summary>
    long PartSize(Tensor x) => ItemsPerForward(x.shape[0], x.dim() < 2 ? 1 : x.shape[1], Options.Performance.MaxTokensPerForward);

    /// <summary>
    /// Items per forward pass for a batch of <paramref name="items"/> sequences of <paramref name="length"/>: all of
    /// them when they fit <paramref name="budget"/> positions, else the batch cut into the fewest equal parts that fit
    /// (one item per part at least).
    /// </summary>
    internal static long ItemsPerForward(long items, long length, int? budget)
    {
        if (budget is not { } b || items * length <= b) return items;
        long fit = Math.Max(1, b / Math.Max(1, length));
        long parts = (items + fit - 1) / fit;
        return (items + parts - 1) / parts; // balanced parts, none larger than fit
    }
}
