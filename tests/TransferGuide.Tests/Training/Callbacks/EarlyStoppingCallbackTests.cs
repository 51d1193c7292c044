using static TorchSharp.torch;

namespace TransferGuide.Tests.Training.Callbacks;

public class EarlyStoppingCallbackTests
{
    static void EndEpoch(EarlyStoppingCallback callback, LoopContext loop, double validLoss)
    {
        loop.Metrics = new EpochMetrics(1, 1, 0.5, validLoss, 0.5, 1e-3, 1);
        callback.AfterEpoch(loop);
    }

    static float FirstWeight(Learner learner) => learner.Model.parameters().First().data<float>()[0];

    [Fact]
    public void Counts_epochs_without_improvement_and_stops_at_the_patience()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { EarlyStopping = new EarlyStopping(Patience: 2, MinDelta: 0.01) });
        using var callback = new EarlyStoppingCallback();
        var loop = TinyLearner.Context(learner);
        EndEpoch(callback, loop, 1.0);
        Assert.Equal((1.0, 0), (loop.State.BestValidLoss, loop.State.EpochsWithoutImprovement));
        EndEpoch(callback, loop, 0.995); // less than MinDelta better: no improvement
        Assert.Equal((1.0, 1), (loop.State.BestValidLoss, loop.State.EpochsWithoutImprovement));
        Assert.False(loop.StopRequested);
        EndEpoch(callback, loop, 2.0);
        Assert.True(loop.StopRequested);
    }

    [Fact]
    public void Puts_back_the_best_weights_when_it_stops()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { EarlyStopping = new EarlyStopping(Patience: 1) });
        using var callback = new EarlyStoppingCallback();
        var loop = TinyLearner.Context(learner);
        EndEpoch(callback, loop, 0.5);
        float best = FirstWeight(learner);
        using (no_grad()) learner.Model.parameters().First().add_(1.0f);
        EndEpoch(callback, loop, 0.9);
        Assert.True(loop.StopRequested);
        Assert.NotEqual(best, FirstWeight(learner));
        callback.AfterStopEarly(loop);
        Assert.Equal(best, FirstWeight(learner));
    }

    [Fact]
    public void At_the_end_of_a_plan_the_best_epoch_comes_back_unless_it_is_the_last()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { EarlyStopping = new EarlyStopping(Patience: 5) });
        using var callback = new EarlyStoppingCallback();
        var loop = TinyLearner.Context(learner);
        loop.Metrics = new EpochMetrics(1, 1, 0.5, 0.5, 0.5, 1e-3, 1);
        callback.AfterEpoch(loop);
        Assert.Equal(1, loop.State.BestEpoch);
        float best = FirstWeight(learner);
        using (no_grad()) learner.Model.parameters().First().add_(1.0f);
        loop.Metrics = new EpochMetrics(2, 1, 0.5, 0.7, 0.5, 1e-3, 1);
        callback.AfterEpoch(loop);
        Assert.False(loop.StopRequested);
        Assert.Equal(1, loop.State.BestEpoch);
        // The learner is at epoch 0 here (the tiny context trains nothing), so the best epoch is not its last: put back.
        Assert.True(callback.PutBackBest(learner, loop.State));
        Assert.Equal(best, FirstWeight(learner));
        Assert.False(callback.PutBackBest(learner, loop.State with { BestEpoch = learner.Epoch })); // the last epoch is the best: nothing to do
    }

    [Theory]
    [InlineData(1, 12)] // a tiny set: capped
    [InlineData(7, 12)] // ants/bees: 208 images, batch 32
    [InlineData(37, 9)] // sign digits: about 1,200 training images
    [InlineData(72, 5)]
    [InlineData(300, 4)] // a large set: at least 4 epochs
    public void The_epoch_budget_gives_small_sets_more_passes(long stepsPerEpoch, int epochs) =>
        Assert.Equal(epochs, EpochBudget.Epochs(stepsPerEpoch));

    [Fact]
    public void Only_the_last_phase_counts_towards_the_patience()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { EarlyStopping = new EarlyStopping(Patience: 1) });
        using var callback = new EarlyStoppingCallback();
        var loop = TinyLearner.Context(learner);
        loop.State = loop.State with { Plan = [new TrainingPhase("head", 5, 1, 1e-3), new TrainingPhase("all layers", 5, 0, 1e-3)], PhaseIndex = 0 };
        EndEpoch(callback, loop, 0.5);
        EndEpoch(callback, loop, 0.6); // the head phase flattening out: no count, no stop
        EndEpoch(callback, loop, 0.7);
        Assert.Equal((0.5, 0, false), (loop.State.BestValidLoss, loop.State.EpochsWithoutImprovement, loop.StopRequested));
        loop.State = loop.State with { PhaseIndex = 1 };
        EndEpoch(callback, loop, 0.4); // the best may come in any phase
        Assert.Equal(0.4, loop.State.BestValidLoss);
        EndEpoch(callback, loop, 0.45);
        Assert.True(loop.StopRequested);
    }

    [Theory]
    [InlineData(1, 10)] // a tiny set: capped
    [InlineData(7, 9)] // ants/bees: 208 images, batch 32, a nearly random head after one epoch
    [InlineData(27, 3)] // Fashion-MNIST at 100 per class
    [InlineData(37, 2)] // sign digits
    [InlineData(300, 1)] // a large set: one epoch is plenty
    public void The_head_budget_gives_small_sets_more_head_epochs(long stepsPerEpoch, int epochs) =>
        Assert.Equal(epochs, EpochBudget.HeadEpochs(stepsPerEpoch));

    [Fact]
    public void Does_nothing_without_early_stopping_or_a_held_out_loss()
    {
        using var learner = TinyLearner.Create();
        using var callback = new EarlyStoppingCallback();
        var loop = TinyLearner.Context(learner);
        EndEpoch(callback, loop, 0.5);
        Assert.Equal(double.PositiveInfinity, loop.State.BestValidLoss);
    }
}
