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

/// <summary>One optimiser step: the running mean training loss of its epoch and the head's learning rate.</summary>
/// <param name="Step">Global optimiser step (1-based).</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="LearningRate">The head's learning rate for this step.</param>
public sealed record StepMetrics(long Step, double Loss, double LearningRate);

/// <summary>The record of a training run, which charts and reports draw. Plain data: no model inside.</summary>
public sealed class MetricsHistory
{
    /// <summary>Epochs in order.</summary>
    public List<EpochMetrics> Epochs { get; init; } = [];

    /// <summary>Optimiser steps in order (empty for head-only training on cached features).</summary>
    public List<StepMetrics> Steps { get; init; } = [];

    /// <summary>The last epoch, or null before training.</summary>
    public EpochMetrics? Last => Epochs.Count == 0 ? null : Epochs[^1];
}
