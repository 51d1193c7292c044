namespace TransferGuide.Monitoring;

/// <summary>How <see cref="IncrementalFineTune"/> trains the old model and then updates it on new data.</summary>
/// <param name="Hidden">Width of the bottleneck between the frozen features and the head.</param>
/// <param name="OldEpochs">Epochs of the old model on the old training data.</param>
/// <param name="OldLearningRate">AdamW rate of the old model's training.</param>
/// <param name="Steps">Update steps on the new data, the same for every method.</param>
/// <param name="LearningRate">AdamW rate of the update: small, so the model moves rather than starts again.</param>
/// <param name="BatchSize">New examples per step (rehearsal adds <paramref name="ReplayBatch"/> old ones).</param>
/// <param name="ReplayPerClass">Old examples per class in the rehearsal buffer.</param>
/// <param name="ReplayBatch">Old examples added to each rehearsal step.</param>
/// <param name="LwfAlpha">Weight of the old model's soft targets in LwF's loss (the distillation alpha).</param>
/// <param name="Temperature">Softmax temperature of LwF's distillation term.</param>
/// <param name="Seed">Seeds the models, the batches and the buffer: all methods see the same new batches.</param>
public sealed record IncrementalOptions(int Hidden = 256, int OldEpochs = 30, double OldLearningRate = 1e-3, int Steps = 200,
    double LearningRate = 3e-4, int BatchSize = 32, int ReplayPerClass = 5, int ReplayBatch = 16, double LwfAlpha = 0.5,
    double Temperature = 2.0, int Seed = 42)
{
    /// <summary>The quick setting for a notebook cell (fewer epochs and steps).</summary>
    public static IncrementalOptions Quick { get; } = new(OldEpochs: 15, Steps: 100);
}

/// <summary>One model's accuracy on the old and the new data.</summary>
/// <param name="Method">"old model" (the baseline, not updated), "naive", "rehearsal" or "lwf".</param>
/// <param name="NewAccuracy">Accuracy on the new data's test part.</param>
/// <param name="OldAccuracy">Accuracy on the old data's test part after the update.</param>
/// <param name="Forgetting">Old test accuracy of the old model minus this one's (positive = forgot).</param>
/// <param name="Seconds">Time of the update.</param>
public sealed record IncrementalEntry(string Method, double NewAccuracy, double OldAccuracy, double Forgetting, double Seconds);

/// <summary>Results of <see cref="IncrementalFineTune.Compare"/>.</summary>
/// <param name="Entries">The old model first, then naive, rehearsal and LwF.</param>
/// <param name="OldTrain">Old training items.</param>
/// <param name="NewTrain">New (labelled) training items.</param>
/// <param name="OldTest">Old test items.</param>
/// <param name="NewTest">New test items.</param>
/// <param name="Options">The options used.</param>
public sealed record IncrementalReport(IReadOnlyList<IncrementalEntry> Entries, int OldTrain, int NewTrain, int OldTest, int NewTest, IncrementalOptions Options)
{
    /// <summary>A table, one line per model.</summary>
    public string Describe() =>
        $"old train {OldTrain}, new train {NewTrain}; {Options.Steps} steps at {Options.LearningRate:G3} (batch {Options.BatchSize})\n" +
        "method       new acc  old acc  forgetting\n" +
        string.Join("\n", Entries.Select(e => $"{e.Method,-12} {e.NewAccuracy,7:P1}  {e.OldAccuracy,7:P1}  {e.Forgetting * 100,8:+0.0;-0.0} pt"));

    /// <inheritdoc />
    public override string ToString() => Describe();
}
