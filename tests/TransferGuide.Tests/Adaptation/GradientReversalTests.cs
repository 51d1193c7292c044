using TransferGuide.Adaptation;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Adaptation;

public class GradientReversalTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Forward_is_the_identity_and_backward_flips_and_scales(double lambda)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, -2, 3 }).requires_grad_();
        var weights = tensor(new float[] { 0.5f, 1, -4 });
        var y = GradientReversal.Apply(x, lambda);
        Assert.Equal(new float[] { 1, -2, 3 }, y.data<float>().ToArray());
        (y * weights).sum().backward();
        // Without the layer the gradient would be the weights; with it, -lambda times them.
        var expected = new[] { 0.5f, 1, -4 }.Select(w => (float)(-lambda * w)).ToArray();
        Assert.Equal(expected, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void The_ramp_rises_from_zero_towards_one()
    {
        Assert.Equal(0, GradientReversal.Ramp(0), 12);
        Assert.InRange(GradientReversal.Ramp(1), 0.999, 1.0);
        Assert.Equal(2 / (1 + Math.Exp(-5)) - 1, GradientReversal.Ramp(0.5), 12);
        var steps = Enumerable.Range(0, 11).Select(i => GradientReversal.Ramp(i / 10.0)).ToList();
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second > p.First));
    }
}
