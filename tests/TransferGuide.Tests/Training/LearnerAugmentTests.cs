namespace TransferGuide.Tests.Training;

/// <summary>The learner with MixUp/CutMix, class-balanced sampling and test-time augmentation.</summary>
/// <remarks>
/// Compares two runs bit for bit, so it runs alone: with other tests computing beside it, one CI run saw two MixUp
/// runs differ by 0.10 (AdamW's first steps follow the gradient's sign, so a last-bit change in a near-zero
/// gradient flips whole updates).
/// </remarks>
[Collection(TorchRngCollection.Name)]
public class LearnerAugmentTests
{
    static Dictionary<string, float[]> TrainHead(TempDir dir, LearnerOptions options)
    {
        using var learner = Learner.Create(LearnerFixture.Colours(dir), options: options);
        learner.Freeze();
        learner.Fit(epochs: 1, lr: 1e-2);
        Assert.All(learner.History.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        return LearnerFixture.Weights(learner.Model);
    }

    [Fact]
    public void Mixing_trains_on_soft_labels_reproducibly_and_changes_the_result()
    {
        using var dir = new TempDir();
        var plain = TrainHead(dir, LearnerFixture.Fast());
        var mixUp = LearnerFixture.Fast() with { Augmentation = new() { Mixing = new BatchMixing(MixKind.MixUp, 1.0) } };
        var a = TrainHead(dir, mixUp);
        Assert.Equal(0.0, LearnerFixture.MaxDifference(a, TrainHead(dir, mixUp)));
        Assert.True(LearnerFixture.MaxDifference(plain, a) > 0, "MixUp changed nothing");
        var cutMix = TrainHead(dir, LearnerFixture.Fast() with { Augmentation = new() { Mixing = new BatchMixing(MixKind.CutMix, 1.0) } });
        Assert.True(LearnerFixture.MaxDifference(plain, cutMix) > 0, "CutMix changed nothing");
    }

    [Fact]
    public void Weighted_loss_changes_training_on_imbalanced_data()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("colours", 2, "train", "val");
        for (int i = 0; i < 6; i++) dir.Image($"colours/train/red/extra{i}.png", 210, 30, 30, seed: 50 + i);
        var data = TransferGuide.Data.ImageFolder.Load(root);
        Dictionary<string, float[]> Train(bool weighted)
        {
            using var learner = Learner.Create(data, options: LearnerFixture.Fast() with { Regularization = new() { WeightedLoss = weighted } });
            learner.Freeze();
            learner.Fit(epochs: 1, lr: 1e-2);
            Assert.True(double.IsFinite(learner.History.Epochs[^1].TrainLoss));
            return LearnerFixture.Weights(learner.Model);
        }
        Assert.True(LearnerFixture.MaxDifference(Train(false), Train(true)) > 0);
    }

    [Fact]
    public void Balanced_sampling_and_tta_evaluation_run_end_to_end()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), options: LearnerFixture.Fast() with
        {
            Regularization = new() { BalanceClasses = true },
            Performance = new() { Pipeline = new PipelineOptions(Workers: 1, Prefetch: 0) },
        });
        learner.Freeze();
        learner.Fit(epochs: 1, lr: 1e-2);
        var plain = learner.Evaluate();
        var tta = learner.EvaluateTta(TestTimeAugmentation.Views(learner.Preprocessing, TtaViews.TenCrop));
        Assert.Equal(plain.Paths, tta.Paths);
        Assert.Equal(plain.Labels, tta.Labels);
        for (int i = 0; i < tta.Count; i++)
            Assert.Equal(1f, tta.Probabilities.AsSpan(i * 2, 2).ToArray().Sum(), 4);
        Assert.NotEqual(plain.Probabilities, tta.Probabilities); // views other than the centre crop were averaged in
        var one = learner.EvaluateTta([Transforms.Eval(learner.Preprocessing)]);
        Assert.Equal(plain.Probabilities, one.Probabilities);
    }
}
