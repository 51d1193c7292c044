using TransferGuide.Evaluation;
using TransferGuide.Training;
using TransferGuide.Training.Schedules;

namespace TransferGuide.Evaluation.Ensembles;

/// <summary>Snapshot-ensemble settings.</summary>
/// <param name="Cycles">Restart cycles; one snapshot is taken at the end of each.</param>
/// <param name="EpochsPerCycle">Epochs in each cosine cycle.</param>
/// <param name="LearningRate">Peak rate of the head at each restart.</param>
/// <param name="LrSpread">Ratio of the head's rate to the stem's (discriminative rates).</param>
public sealed record SnapshotOptions(int Cycles = 3, int EpochsPerCycle = 2, double LearningRate = 1e-3, double LrSpread = 10);

/// <summary>The snapshots' held-out results and their average.</summary>
/// <param name="Snapshots">One result per cycle, in order.</param>
/// <param name="Ensemble">The probability average of the snapshots.</param>
public sealed record SnapshotResult(IReadOnlyList<ClassificationResult> Snapshots, ClassificationResult Ensemble)
{
    /// <summary>The most accurate single snapshot.</summary>
    public ClassificationResult BestSnapshot => Snapshots.MaxBy(s => s.Accuracy)!;
}

/// <summary>
/// Snapshot ensembles (Huang et al., 2017): one training run under cosine annealing with warm restarts
/// (SGDR); each cycle ends in a different low-loss region, and the model at the end of each cycle is an
/// ensemble member, for the training cost of a single model.
/// </summary>
public static class SnapshotEnsemble
{
    /// <summary>
    /// Trains the learner's unfrozen groups through <see cref="SnapshotOptions.Cycles"/> restart cycles, with one
    /// optimiser throughout, and evaluates the held-out split at the end of each.
    /// </summary>
    public static SnapshotResult Train(Learner learner, SnapshotOptions options, CancellationToken cancel = default)
    {
        if (options.Cycles < 1 || options.EpochsPerCycle < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one cycle of at least one epoch.");
        var snapshots = new List<ClassificationResult>();
        var outer = learner.EpochProgress;
        int done = 0;
        learner.EpochProgress = new Relay(e =>
        {
            outer?.Report(e);
            if (++done % options.EpochsPerCycle == 0) snapshots.Add(learner.Evaluate());
        });
        try
        {
            var schedule = Schedules.CosineRestarts(options.EpochsPerCycle * learner.StepsPerEpoch);
            learner.RunPlan([new TrainingPhase("snapshot cycles", options.Cycles * options.EpochsPerCycle, learner.TrainableFrom,
                options.LearningRate, options.LrSpread, schedule)], cancel);
        }
        finally
        {
            learner.EpochProgress = outer;
        }
        if (snapshots.Count == 0) throw new InvalidOperationException("Training stopped before the first cycle ended; no snapshot was taken.");
        return new SnapshotResult(snapshots, ProbabilityEnsemble.Combine(snapshots));
    }

    sealed class Relay(Action<EpochMetrics> action) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value) => action(value);
    }
}
