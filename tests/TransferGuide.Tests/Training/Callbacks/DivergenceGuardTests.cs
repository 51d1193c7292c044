namespace TransferGuide.Tests.Training.Callbacks;

public class DivergenceGuardTests
{
    [Fact]
    public void A_finite_loss_passes()
    {
        using var learner = TinyLearner.Create();
        var loop = TinyLearner.Context(learner);
        loop.LossValue = 0.7;
        new DivergenceGuard().AfterLoss(loop);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_nan_or_infinite_loss_stops_training_with_advice(double loss)
    {
        using var learner = TinyLearner.Create(new LearnerOptions { CheckpointPath = "run/model.tgck" });
        var loop = TinyLearner.Context(learner);
        loop.LossValue = loss;
        var e = Assert.Throws<TrainingDivergedException>(() => new DivergenceGuard().AfterLoss(loop));
        Assert.Contains("epoch 1, step 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Lower the learning rate", e.Message, StringComparison.Ordinal);
        Assert.Contains("run/model.tgck", e.Message, StringComparison.Ordinal);
    }
}
