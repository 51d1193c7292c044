using TorchSharp;

using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

public class AccumulationAndPrecisionTests
{
    static ResNet SmallResNet()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        manual_seed(11);
        var model = new ResNet([1, 1, 1, 1], 3);
        model.eval(); // BatchNorm on running statistics, so a batch and its halves see the same function
        return model;
    }

    static Dictionary<string, float[]> Grads(ResNet model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.contiguous().data<float>().ToArray());

    [Fact]
    public void Two_micro_batches_of_four_give_the_gradients_of_one_batch_of_eight()
    {
        using var model = SmallResNet();
        using var scope = NewDisposeScope();
        var x = randn(8, 3, 48, 48);
        var y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        using var step = MixedPrecisionStep.For(Precision.Float32, model);

        step.ForwardBackward(x, y, 0.1, groupItems: 8, () => null);
        var full = Grads(model);
        model.zero_grad();
        step.ForwardBackward(x[..4], y[..4], 0.1, groupItems: 8, () => null);
        step.ForwardBackward(x[4..], y[4..], 0.1, groupItems: 8, () => null);
        var accumulated = Grads(model);

        double max = full.Keys.Max(k => full[k].Zip(accumulated[k], (a, b) => (double)Math.Abs(a - b)).Max());
        Assert.True(max < 1e-6, $"gradients differ by {max:E2}");
    }

    [Fact]
    public void Bf16_step_keeps_fp32_masters_and_close_gradients()
    {
        using var model = SmallResNet();
        using var scope = NewDisposeScope();
        var x = randn(4, 3, 48, 48);
        var y = tensor(new long[] { 0, 1, 2, 0 });
        using (var fp32 = MixedPrecisionStep.For(Precision.Float32, model)) fp32.ForwardBackward(x, y, 0, 4, () => null);
        var reference = Grads(model);
        model.zero_grad();
        using (var bf16 = MixedPrecisionStep.For(Precision.BFloat16, model)) bf16.ForwardBackward(x, y, 0, 4, () => null);
        var reduced = Grads(model);

        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
        var a = reference.Values.SelectMany(v => v).ToArray();
        var b = reduced.Values.SelectMany(v => v).ToArray();
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        double cosine = dot / Math.Sqrt(na * nb);
        Assert.True(cosine > 0.98, $"bf16 gradients point elsewhere: cosine {cosine:F4}");
    }

    [Fact]
    public void Loss_scaler_skips_overflowing_steps_and_grows_after_good_ones()
    {
        var scaler = new LossScaler(initialScale: 1024, growthInterval: 3);
        Assert.False(scaler.Update(gradientsFinite: false));
        Assert.Equal(512, scaler.Scale);
        Assert.True(scaler.Update(true));
        Assert.True(scaler.Update(true));
        Assert.Equal(512, scaler.Scale);
        Assert.True(scaler.Update(true));
        Assert.Equal(1024, scaler.Scale);
    }
}
