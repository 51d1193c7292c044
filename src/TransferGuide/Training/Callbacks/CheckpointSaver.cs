namespace TransferGuide.Training;

/// <summary>
/// Saves the model, optimiser, RNG and plan position to <see cref="LearnerOptions.CheckpointPath"/> after every epoch
/// and when the caller cancels, so <see cref="Learner.Resume(string, TransferGuide.Data.ImageDataset)"/> carries on exactly where training stopped.
/// </summary>
internal sealed class CheckpointSaver : LearnerCallback
{
    /// <inheritdoc />
    public override void AfterEpoch(LoopContext loop) => Save(loop);

    /// <inheritdoc />
    public override void Cancelled(LoopContext loop) => Save(loop);

    static void Save(LoopContext loop)
    {
        if (loop.Options.CheckpointPath is { } path) loop.Learner.SaveCheckpoint(path, loop.Optimizer, loop.State);
    }
}
