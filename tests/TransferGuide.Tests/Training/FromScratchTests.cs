namespace TransferGuide.Tests.Training;

public class FromScratchTests
{
    [Fact]
    public void A_learner_from_scratch_starts_from_random_weights_trains_every_layer_and_learns_colours()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir);
        using var pretrained = Learner.Create(data, options: LearnerFixture.Fast());
        using var scratch = Learner.FromScratch(data, LearnerFixture.Fast());
        var stem = "conv1.weight";
        Assert.True(LearnerFixture.MaxDifference(
            new() { [stem] = LearnerFixture.Weights(pretrained.Model)[stem] },
            new() { [stem] = LearnerFixture.Weights(scratch.Model)[stem] }) > 1e-3);
        Assert.Equal(0, scratch.TrainableFrom);
        var history = scratch.Fit(2, lr: 1e-3);
        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
    }
}
