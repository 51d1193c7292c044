using TransferGuide.Core;

namespace TransferGuide.Training;

/// <summary>Tells the learner's listeners how far training is: every batch (<see cref="Learner.BatchProgress"/>) and every epoch (<see cref="Learner.EpochProgress"/>).</summary>
internal sealed class ProgressReporter : LearnerCallback
{
    /// <inheritdoc />
    public override void AfterBatch(LoopContext loop) =>
        loop.Learner.BatchProgress?.Report(new WorkProgress($"epoch {loop.Learner.Epoch + 1}", loop.BatchIndex, loop.Batches,
            loop.Seen / Math.Max(loop.Clock.Elapsed.TotalSeconds, 1e-9)));

    /// <inheritdoc />
    public override void AfterEpoch(LoopContext loop) => loop.Learner.EpochProgress?.Report(loop.Metrics!);
}
