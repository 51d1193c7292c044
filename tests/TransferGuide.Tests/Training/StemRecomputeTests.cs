using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

/// <summary>Recomputing the stem (or the stem and layer1) in the backward pass gives the gradients and statistics of a plain pass.</summary>
[Collection(TorchRngCollection.Name)]
public class StemRecomputeTests
{
    static (Dictionary<string, float[]> Grads, Dictionary<string, float[]> State, float Loss) Step(Recompute recompute, bool freezeStem = false,
        bool freezeLayer1 = false)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        random.manual_seed(3);
        using var model = new ResNet([1, 1, 1, 1], 4);
        model.train();
        var split = (IRecomputableStem)model;
        if (freezeStem) foreach (var p in split.StemParameters()) p.requires_grad = false;
        if (freezeLayer1) foreach (var p in split.StemParameters(throughLayer1: true)) p.requires_grad = false;
        using var scope = NewDisposeScope();
        var x = randn(3, 3, 64, 64);
        var y = tensor(new long[] { 0, 2, 3 });
        using var step = MixedPrecisionStep.For(Precision.Float32, model, recompute: recompute);
        var (loss, _) = step.ForwardBackward(x, y, labelSmoothing: 0.1, groupItems: 3, l1: () => null);
        var grads = model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.contiguous().data<float>().ToArray());
        return (grads, LearnerFixture.Weights(model), loss.item<float>());
    }

    [Theory]
    [InlineData(Recompute.Stem)]
    [InlineData(Recompute.Layer1)]
    public void Recomputing_gives_the_gradients_and_running_statistics_of_a_plain_pass(Recompute recompute)
    {
        var plain = Step(Recompute.None);
        var recomputed = Step(recompute);
        Assert.Equal(plain.Loss, recomputed.Loss);
        Assert.Contains("conv1.weight", recomputed.Grads.Keys);
        Assert.Contains("layer1.0.conv2.weight", recomputed.Grads.Keys);
        Assert.Equal(plain.Grads.Keys.Order(), recomputed.Grads.Keys.Order());
        Assert.True(LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads) < 1e-5, "gradients differ");
        // Every recomputed BatchNorm's running statistics moved once, not twice; num_batches_tracked counts one batch.
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.State, recomputed.State));
    }

    [Fact]
    public void A_frozen_stem_is_not_recomputed_and_gets_no_gradients()
    {
        var plain = Step(Recompute.None, freezeStem: true);
        var recomputed = Step(Recompute.Stem, freezeStem: true);
        Assert.DoesNotContain("conv1.weight", recomputed.Grads.Keys);
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads));
    }

    [Fact]
    public void With_the_stem_frozen_layer1_is_still_recomputed_and_the_stem_gets_no_gradients()
    {
        var plain = Step(Recompute.None, freezeStem: true);
        var recomputed = Step(Recompute.Layer1, freezeStem: true);
        Assert.DoesNotContain("conv1.weight", recomputed.Grads.Keys);
        Assert.Contains("layer1.0.conv1.weight", recomputed.Grads.Keys);
        Assert.True(LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads) < 1e-5, "gradients differ");
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.State, recomputed.State));
    }

    [Fact]
    public void A_frozen_segment_is_run_once_as_a_plain_pass()
    {
        var plain = Step(Recompute.None, freezeLayer1: true);
        var recomputed = Step(Recompute.Layer1, freezeLayer1: true);
        Assert.DoesNotContain("layer1.0.conv1.weight", recomputed.Grads.Keys);
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads));
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.State, recomputed.State));
    }
}
