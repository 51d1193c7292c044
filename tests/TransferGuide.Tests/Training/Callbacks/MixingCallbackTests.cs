namespace TransferGuide.Tests.Training.Callbacks;

public class MixingCallbackTests
{
    static Batch FirstBatch(int items = 4) =>
        new TinyLearner.ArraySource(items, 3).Batches(BatchOrder.Sequential(items), items, 0, 0).First();

    [Fact]
    public void Mixes_inputs_and_targets_exactly_as_BatchMix_with_the_batch_seed()
    {
        var mixing = new BatchMixing(MixKind.CutMix, 1.0);
        using var learner = TinyLearner.Create(new LearnerOptions { Seed = 5, Augmentation = new() { Mixing = mixing } });
        var loop = TinyLearner.Context(learner);
        var batch = FirstBatch();
        loop.Begin(batch);
        loop.BatchIndex = 2;
        new MixingCallback().BeforeBatch(loop);

        var pixels = ((FloatInputs)batch.Inputs).Values;
        var expected = BatchMix.Apply(mixing, pixels, batch.Labels, 2, TinyLearner.Side, new Random(Reproducibility.Mix(5, 0, 2, 0x313)));
        Assert.Equal(expected.Pixels, ((FloatInputs)loop.Inputs!).Values);
        Assert.Equal(expected.Targets, loop.SoftTargets);
        Assert.Equal(batch.Inputs.Shape, loop.Inputs!.Shape);
    }

    [Fact]
    public void Without_mixing_the_batch_is_left_alone()
    {
        using var learner = TinyLearner.Create();
        var loop = TinyLearner.Context(learner);
        var batch = FirstBatch();
        loop.Begin(batch);
        new MixingCallback().BeforeBatch(loop);
        Assert.Same(batch.Inputs, loop.Inputs);
        Assert.Null(loop.SoftTargets);
    }

    [Fact]
    public void Inputs_that_are_not_images_are_refused_with_a_reason()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { Augmentation = new() { Mixing = new BatchMixing(MixKind.MixUp, 0.4) } });
        var loop = TinyLearner.Context(learner);
        loop.Begin(new Batch(new TokenInputs([1, 2, 3, 4], [2, 2]), [0, 1], [0, 1], ["a", "b"]));
        var e = Assert.Throws<NotSupportedException>(() => new MixingCallback().BeforeBatch(loop));
        Assert.Contains("Mixing", e.Message, StringComparison.Ordinal);
    }
}
