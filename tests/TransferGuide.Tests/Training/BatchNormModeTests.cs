using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

/// <summary>BatchNorm while fine-tuning: pretrained statistics kept by default, learned from random weights or on request.</summary>
[Collection(TorchRngCollection.Name)]
public class BatchNormModeTests
{
    static float[] Values(Learner learner, string name) =>
        learner.Model.state_dict()[name].to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();

    /// <summary>layer4's last BatchNorm (statistics and scale) before and after one epoch of every layer.</summary>
    static (float[] MeanBefore, float[] MeanAfter, float[] ScaleBefore, float[] ScaleAfter, BatchNormMode Mode) TrainOneEpoch(TempDir dir, LearnerOptions options)
    {
        using var learner = Learner.Create(LearnerFixture.Colours(dir, perClass: 5), options: options);
        const string bn = "layer4.1.bn2";
        var (mean, scale) = (Values(learner, $"{bn}.running_mean"), Values(learner, $"{bn}.weight"));
        learner.Unfreeze();
        learner.Fit(epochs: 1, lr: 1e-3);
        return (mean, Values(learner, $"{bn}.running_mean"), scale, Values(learner, $"{bn}.weight"), learner.Options.BatchNorm);
    }

    [Fact]
    public void Pretrained_weights_keep_their_statistics_while_the_scale_and_shift_learn()
    {
        using var dir = new TempDir();
        var run = TrainOneEpoch(dir, LearnerFixture.Fast());
        Assert.Equal(BatchNormMode.Frozen, run.Mode); // Auto, resolved for pretrained weights and kept in the options (and checkpoints)
        Assert.Equal(run.MeanBefore, run.MeanAfter);
        Assert.NotEqual(run.ScaleBefore, run.ScaleAfter);
    }

    [Fact]
    public void Train_mode_learns_this_datas_statistics()
    {
        using var dir = new TempDir();
        var run = TrainOneEpoch(dir, LearnerFixture.Fast() with { BatchNorm = BatchNormMode.Train });
        Assert.Equal(BatchNormMode.Train, run.Mode);
        Assert.NotEqual(run.MeanBefore, run.MeanAfter);
    }

    [Fact]
    public void Random_weights_learn_their_statistics_under_auto()
    {
        using var dir = new TempDir();
        var data = LearnerFixture.Colours(dir, perClass: 5);
        using var scratch = Learner.FromScratch(data, LearnerFixture.Fast());
        Assert.Equal(BatchNormMode.Train, scratch.Options.BatchNorm);
        using var untrained = Learner.Create(data, options: LearnerFixture.Fast(), pretrained: false);
        Assert.Equal(BatchNormMode.Train, untrained.Options.BatchNorm);
    }
}
