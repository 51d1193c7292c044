namespace TransferGuide.Training;

/// <summary>Writes the learner's <see cref="MetricsHistory"/>: one entry per optimiser step and one per epoch.</summary>
internal sealed class Recorder : LearnerCallback
{
    /// <inheritdoc />
    public override void AfterStep(LoopContext loop) =>
        loop.Learner.History.Steps.Add(new StepMetrics(loop.Learner.Step, loop.LossSum / Math.Max(1, loop.Seen), loop.LearningRate));

    /// <inheritdoc />
    public override void AfterEpoch(LoopContext loop) => loop.Learner.History.Epochs.Add(loop.Metrics!);
}
