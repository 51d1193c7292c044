using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

/// <summary>The training forward pass overwrites BatchNorm outputs with in-place ReLUs to save memory; autograd must not notice.</summary>
public class ResNetInPlaceTests
{
    [Fact]
    public void In_place_relus_give_the_same_logits_and_gradients_as_plain_ones()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        random.manual_seed(3);
        using var model = new ResNet(OnnxResNetWeights.CntkResNet18Blocks, 4);
        model.train();
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 64, 64);

        // forward() uses in-place ReLUs; ForwardCapture keeps every activation intact (plain ReLUs) for Grad-CAM.
        var fast = model.call(x);
        fast.square().sum().backward();
        var fastGrads = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();
        var (plain, _) = model.ForwardCapture(x, "layer4");
        plain.square().sum().backward();
        var plainGrads = model.parameters().Select(p => p.grad!).ToList();

        Assert.True(fast.allclose(plain, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(plainGrads.Count, fastGrads.Count);
        for (int i = 0; i < fastGrads.Count; i++)
            Assert.True(fastGrads[i].allclose(plainGrads[i], rtol: 1e-4, atol: 1e-6), $"gradient {i} differs");
    }
}
