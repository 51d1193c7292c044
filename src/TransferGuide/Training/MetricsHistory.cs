namespace TransferGuide.Training;

/// <summary>One epoch's results.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch.</param>
/// <param name="ValidLoss">Loss on the held-out split, when one is given.</param>
/// <param name="ValidAccuracy">Accuracy on the held-out split, when one is given.</param>
/// <param name="LearningRate">Learning rate at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidLoss, double? ValidAccuracy, double LearningRate, double Seconds);

/// <summary>The record of a training run, which charts and reports draw. Plain data: no model inside.</summary>
public sealed class MetricsHistory
{
    /// <summary>Epochs in order.</summary>
    public List<EpochMetrics> Epochs { get; init; } = [];

    /// <summary>The last epoch, or null before training.</summary>
    public EpochMetrics? Last => Epochs.Count == 0 ? null : Epochs[^1];
}
