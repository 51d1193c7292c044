using TorchSharp;
using TransferGuide.Tests.Training;

using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

public class ZooCheckpointTests
{
    [Theory]
    [InlineData("mobilenet_v3_small")]
    [InlineData("efficientnet_b0")]
    [InlineData("resnet34")]
    public void Zoo_models_round_trip_through_checkpoints(string id)
    {
        using var dir = new TempDir();
        random.manual_seed(2);
        using var model = ModelZoo.Create(id, 3, pretrained: false);
        model.eval();
        var path = dir.Combine("model.tgck");
        Checkpoint.Save(path, model, new CheckpointHeader { Architecture = id, Classes = ["a", "b", "c"], Preprocessing = ModelZoo.Spec(id).Preprocessing });
        var (loaded, header, _) = Checkpoint.Load(path);
        using (loaded)
        {
            Assert.Equal(id, header.Architecture);
            Assert.Equal(0, LearnerFixture.MaxDifference(LearnerFixture.Weights(model), LearnerFixture.Weights(loaded)));
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = randn(1, 3, 64, 64);
            Assert.True(model.call(x).allclose(loaded.call(x), rtol: 0, atol: 1e-6));
        }
    }

    [Fact]
    public void A_zoo_student_trains_in_bf16_through_its_shadow_copy()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), "mobilenet_v3_small",
            new LearnerOptions { BatchSize = 4, ImageSize = 32, Seed = 3, Performance = new() { Precision = Precision.BFloat16 } }, pretrained: false);
        var before = LearnerFixture.Weights(learner.Model);
        learner.Unfreeze();
        var history = learner.Fit(1, 1e-3);
        Assert.True(double.IsFinite(history.Epochs.Single().TrainLoss));
        Assert.True(LearnerFixture.MaxDifference(before, LearnerFixture.Weights(learner.Model)) > 0);
    }
}
