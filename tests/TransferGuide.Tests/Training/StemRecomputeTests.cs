using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

/// <summary>Recomputing the stem in the backward pass gives the gradients and statistics of a plain pass.</summary>
[Collection(TorchRngCollection.Name)]
public class StemRecomputeTests
{
    static (Dictionary<string, float[]> Grads, Dictionary<string, float[]> State, float Loss) Step(bool recompute, bool freezeStem = false)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        random.manual_seed(3);
        using var model = new ResNet([1, 1, 1, 1], 4);
        model.train();
        if (freezeStem) foreach (var p in ((IRecomputableStem)model).StemParameters) p.requires_grad = false;
        using var scope = NewDisposeScope();
        var x = randn(3, 3, 64, 64);
        var y = tensor(new long[] { 0, 2, 3 });
        using var step = MixedPrecisionStep.For(Precision.Float32, model, recomputeStem: recompute);
        var (loss, _) = step.ForwardBackward(x, y, labelSmoothing: 0.1, groupItems: 3, l1: () => null);
        var grads = model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.contiguous().data<float>().ToArray());
        return (grads, LearnerFixture.Weights(model), loss.item<float>());
    }

    [Fact]
    public void Recomputed_stem_gives_the_gradients_and_running_statistics_of_a_plain_pass()
    {
        var plain = Step(recompute: false);
        var recomputed = Step(recompute: true);
        Assert.Equal(plain.Loss, recomputed.Loss);
        Assert.Contains("conv1.weight", recomputed.Grads.Keys);
        Assert.True(LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads) < 1e-5, "gradients differ");
        // bn1's running statistics moved once, not twice; num_batches_tracked counts one batch.
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.State, recomputed.State));
    }

    [Fact]
    public void A_frozen_stem_is_not_recomputed_and_gets_no_gradients()
    {
        var plain = Step(recompute: false, freezeStem: true);
        var recomputed = Step(recompute: true, freezeStem: true);
        Assert.DoesNotContain("conv1.weight", recomputed.Grads.Keys);
        Assert.Equal(0.0, LearnerFixture.MaxDifference(plain.Grads, recomputed.Grads));
    }

    [Fact]
    public void The_stem_is_recomputed_by_default_on_a_cpu_and_kept_on_cuda_or_when_asked()
    {
        // On a CPU the default fine-tune otherwise peaks over the 1.5 GB goal (1589 MB at 700 images, docs/performance.md).
        Assert.True(new PerformanceOptions().RecomputesStem(CPU));
        Assert.False(new PerformanceOptions().RecomputesStem(new Device(TorchSharp.DeviceType.CUDA, 0)));
        Assert.False(new PerformanceOptions { RecomputeStem = false }.RecomputesStem(CPU));
        Assert.True(new PerformanceOptions { RecomputeStem = true }.RecomputesStem(new Device(TorchSharp.DeviceType.CUDA, 0)));
    }
}
