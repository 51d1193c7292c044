using TransferGuide.Tests.Training.Callbacks;

namespace TransferGuide.Tests.Training;

/// <summary>The learner on batches that are not images: the loop needs only inputs, labels and ids.</summary>
[Collection(TorchRngCollection.Name)]
public class AnySourceLearnerTests
{
    [Fact]
    public void A_model_outside_the_zoo_learns_from_a_custom_batch_source()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { BatchSize = 4, Seed = 3, Regularization = new() { LabelSmoothing = 0 } }, items: 48);
        learner.Unfreeze();
        var history = learner.Fit(epochs: 8, lr: 0.05);
        Assert.Equal(8, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss,
            $"train loss {history.Epochs[0].TrainLoss:F3} -> {history.Epochs[^1].TrainLoss:F3}");
        var result = learner.Evaluate();
        Assert.Equal(24, result.Count);
        Assert.All(result.Paths, id => Assert.StartsWith("item", id, StringComparison.Ordinal));
        Assert.Equal(Learner.CustomArchitecture, learner.Architecture);
    }

    [Fact]
    public void Every_callback_runs_on_a_custom_source_and_the_same_seed_gives_the_same_weights()
    {
        var options = new LearnerOptions
        {
            BatchSize = 4, Seed = 2,
            Optimizer = new() { AccumulationSteps = 2 },
            Regularization = new() { L1 = 1e-4, WeightedLoss = true, BalanceClasses = true },
            Augmentation = new() { Mixing = new BatchMixing(MixKind.MixUp, 0.4) },
            EarlyStopping = new EarlyStopping(Patience: 1),
        };
        float[] Train()
        {
            using var learner = TinyLearner.Create(options);
            learner.FineTune(epochs: 2, freezeEpochs: 1);
            return learner.Model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Image_only_members_say_so()
    {
        using var learner = TinyLearner.Create();
        Assert.Throws<InvalidOperationException>(() => learner.Preprocessing);
        Assert.Throws<InvalidOperationException>(() => learner.EvaluateTta());
    }
}
