namespace TransferGuide.Training;

/// <summary>
/// Where a learner stands inside a training plan, saved in every checkpoint so that a fresh process can
/// resume as if it had never stopped.
/// </summary>
public sealed record TrainingState
{
    /// <summary>The plan being run.</summary>
    public required IReadOnlyList<TrainingPhase> Plan { get; init; }
    /// <summary>Learner epoch at which the plan began.</summary>
    public int PlanStartEpoch { get; init; }
    /// <summary>Learner step at which the plan began.</summary>
    public long PlanStartStep { get; init; }
    /// <summary>Index of the phase the optimiser state belongs to.</summary>
    public int PhaseIndex { get; init; }
    /// <summary>Batches of the current epoch already done (non-zero only after a stop mid-epoch).</summary>
    public int BatchInEpoch { get; init; }
    /// <summary>Running sums of the interrupted epoch: loss × items, correct, items.</summary>
    public double PartialLoss { get; init; }
    /// <summary>Correct predictions so far in the interrupted epoch.</summary>
    public long PartialCorrect { get; init; }
    /// <summary>Items seen so far in the interrupted epoch.</summary>
    public long PartialSeen { get; init; }
    /// <summary>Best held-out loss so far (early stopping).</summary>
    public double BestValidLoss { get; init; } = double.PositiveInfinity;
    /// <summary>The learner epoch that reached <see cref="BestValidLoss"/> (0: none yet); its weights are put back at the end.</summary>
    public int BestEpoch { get; init; }
    /// <summary>Epochs since the best held-out loss.</summary>
    public int EpochsWithoutImprovement { get; init; }
    /// <summary>Options the learner runs with.</summary>
    public required LearnerOptions Options { get; init; }
}
