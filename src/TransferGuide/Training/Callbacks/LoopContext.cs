using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Data;

namespace TransferGuide.Training;

/// <summary>What the callbacks of one epoch see and may change: the learner, the optimiser, the batch and the running sums.</summary>
internal sealed class LoopContext(Learner learner, OptimizerHelper optimizer, IReadOnlyList<LearnerCallback> callbacks, int batches, TrainingState state)
{
    /// <summary>The learner being trained.</summary>
    public Learner Learner { get; } = learner;

    /// <summary>The learner's options.</summary>
    public LearnerOptions Options => Learner.Options;

    /// <summary>The optimiser of the current phase.</summary>
    public OptimizerHelper Optimizer { get; } = optimizer;

    /// <summary>Batches in this epoch.</summary>
    public int Batches { get; } = batches;

    /// <summary>Index of the current batch within the epoch (after <see cref="LearnerCallback.AfterBatch"/>: batches done).</summary>
    public int BatchIndex { get; set; } = state.BatchInEpoch;

    /// <summary>The batch being trained.</summary>
    public Batch? Batch { get; private set; }

    /// <summary>The inputs the model will see; <see cref="LearnerCallback.BeforeBatch"/> may replace them.</summary>
    public BatchInputs? Inputs { get; set; }

    /// <summary>Soft targets (items × classes) instead of the batch's labels, when a callback mixed the batch.</summary>
    public float[]? SoftTargets { get; set; }

    /// <summary>The loss of the current batch (already divided by the accumulation group's items).</summary>
    public double LossValue { get; set; }

    /// <summary>Training loss × items so far in this epoch.</summary>
    public double LossSum { get; set; } = state.PartialLoss;

    /// <summary>Correct training predictions so far in this epoch.</summary>
    public long Correct { get; set; } = state.PartialCorrect;

    /// <summary>Training items so far in this epoch.</summary>
    public long Seen { get; set; } = state.PartialSeen;

    /// <summary>Wall time of this epoch so far.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The finished epoch's metrics (set before <see cref="LearnerCallback.AfterEpoch"/>).</summary>
    public EpochMetrics? Metrics { get; set; }

    /// <summary>The position in the plan, saved with checkpoints; early stopping keeps its counters here.</summary>
    public TrainingState State { get; set; } = state;

    /// <summary>Set by a callback to end training after this epoch.</summary>
    public bool StopRequested { get; set; }

    /// <summary>The head's learning rate now.</summary>
    public double LearningRate => Optimizer.ParamGroups.Last().LearningRate;

    /// <summary>The callbacks, in the order each event reaches them.</summary>
    public IReadOnlyList<LearnerCallback> Callbacks { get; } = callbacks;

    /// <summary>Raises one event: every callback in order.</summary>
    public void Raise(Action<LearnerCallback> handler) { foreach (var c in Callbacks) handler(c); }

    /// <summary>The sum of the callbacks' penalties (null when none adds one).</summary>
    public TorchSharp.torch.Tensor? Penalty()
    {
        TorchSharp.torch.Tensor? sum = null;
        foreach (var callback in Callbacks)
            if (callback.Penalty(this) is { } p) sum = sum is null ? p : sum + p;
        return sum;
    }

    /// <summary>Starts a batch: its own inputs, hard labels.</summary>
    public void Begin(Batch batch) { Batch = batch; Inputs = batch.Inputs; SoftTargets = null; }
}
