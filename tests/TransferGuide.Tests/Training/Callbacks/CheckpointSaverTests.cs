namespace TransferGuide.Tests.Training.Callbacks;

public class CheckpointSaverTests
{
    [Fact]
    public void Saves_the_plan_position_after_an_epoch_and_on_cancel_when_a_path_is_set()
    {
        using var dir = new TempDir();
        var path = dir.Combine("model.tgck");
        var data = LearnerFixture.Colours(dir);
        using var learner = Learner.Create(data, options: LearnerFixture.Fast(path));
        var loop = TinyLearner.Context(learner);
        loop.State = loop.State with { BestValidLoss = 0.25 };
        new CheckpointSaver().AfterEpoch(loop);
        Assert.True(File.Exists(path));
        using (var resumed = Learner.Resume(path, data)) Assert.Equal(learner.Options, resumed.Options);

        File.Delete(path);
        loop.State = loop.State with { BatchInEpoch = 2 };
        new CheckpointSaver().Cancelled(loop);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Writes_nothing_without_a_path()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), options: LearnerFixture.Fast());
        new CheckpointSaver().AfterEpoch(TinyLearner.Context(learner));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tgck", SearchOption.AllDirectories));
    }
}
