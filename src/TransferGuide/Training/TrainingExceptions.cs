namespace TransferGuide.Training;

/// <summary>
/// The loss became NaN or infinite. Training stopped before the bad step touched the weights on disk:
/// the last checkpoint is the last good one.
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
