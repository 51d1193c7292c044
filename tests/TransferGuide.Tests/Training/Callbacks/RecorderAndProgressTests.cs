namespace TransferGuide.Tests.Training.Callbacks;

public class RecorderAndProgressTests
{
    sealed class Collect<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];
        public void Report(T value) => Items.Add(value);
    }

    [Fact]
    public void The_recorder_writes_a_step_per_optimiser_step_and_an_epoch_per_epoch()
    {
        using var learner = TinyLearner.Create();
        var loop = TinyLearner.Context(learner);
        loop.LossSum = 6; loop.Seen = 4;
        new Recorder().AfterStep(loop);
        var step = Assert.Single(learner.History.Steps);
        Assert.Equal(1.5, step.Loss);
        Assert.Equal(0.1, step.LearningRate, 1e-12);
        loop.Metrics = new EpochMetrics(1, 1.5, 0.5, null, null, 0.1, 2);
        new Recorder().AfterEpoch(loop);
        Assert.Same(loop.Metrics, Assert.Single(learner.History.Epochs));
    }

    [Fact]
    public void Progress_reports_each_batch_and_each_epoch()
    {
        using var learner = TinyLearner.Create();
        var batches = new Collect<WorkProgress>();
        var epochs = new Collect<EpochMetrics>();
        learner.BatchProgress = batches; learner.EpochProgress = epochs;
        var loop = TinyLearner.Context(learner);
        loop.BatchIndex = 1;
        new ProgressReporter().AfterBatch(loop);
        var p = Assert.Single(batches.Items);
        Assert.Equal(("epoch 1", 1, 3), (p.Stage, (int)p.Done, (int)p.Total));
        loop.Metrics = new EpochMetrics(1, 1, 0.5, null, null, 0.1, 2);
        new ProgressReporter().AfterEpoch(loop);
        Assert.Same(loop.Metrics, Assert.Single(epochs.Items));
    }
}
