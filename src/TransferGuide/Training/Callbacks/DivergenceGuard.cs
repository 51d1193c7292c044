namespace TransferGuide.Training;

/// <summary>
/// Stops training with <see cref="TrainingDivergedException"/> as soon as a batch's loss is NaN or infinite: before
/// the optimiser steps, so the bad update never reaches the weights or the checkpoint on disk.
/// </summary>
internal sealed class DivergenceGuard : LearnerCallback
{
    /// <inheritdoc />
    public override void AfterLoss(LoopContext loop)
    {
        double value = loop.LossValue;
        if (double.IsFinite(value)) return;
        var checkpoint = loop.Options.CheckpointPath;
        throw new TrainingDivergedException(
            $"The loss became {value} at epoch {loop.Learner.Epoch + 1}, step {loop.Learner.Step + 1} (learning rate {loop.LearningRate:G3}). " +
            "Lower the learning rate (try 10x smaller, or run FindLearningRate) and train again" +
            (checkpoint != null ? $"; the last good checkpoint is still {checkpoint}." : "."));
    }
}
