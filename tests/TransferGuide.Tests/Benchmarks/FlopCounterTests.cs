using TorchSharp;
using TorchSharp.Modules;

using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Tests.Benchmarks;

public class FlopCounterTests
{
    /// <summary>conv(3→8, 3x3, pad 1, bias) → BN → ReLU → conv(8→16, 3x3, stride 2, 2 groups) → mean → linear(16→10).</summary>
    sealed class SmallConvNet : Module<Tensor, Tensor>
    {
        readonly Conv2d conv1 = Conv2d(3, 8, 3, padding: 1);
        readonly BatchNorm2d bn1 = BatchNorm2d(8);
        readonly Conv2d conv2 = Conv2d(8, 16, 3, stride: 2, padding: 1, groups: 2, bias: false);
        readonly Linear fc = Linear(16, 10);

        public SmallConvNet() : base("SmallConvNet") => RegisterComponents();

        public override Tensor forward(Tensor x) =>
            fc.call(conv2.call(functional.relu(bn1.call(conv1.call(x)))).mean([2, 3]));
    }

    [Fact]
    public void Counts_a_small_conv_net_as_worked_out_by_hand()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var net = new SmallConvNet();
        var report = FlopCounter.Count(net, size: 8);

        // conv1: 8 channels x 8x8 outputs = 512 outputs, each 3 x 3x3 = 27 MACs; +1 bias add per output.
        long conv1Macs = 512 * 27, conv1Flops = 2 * conv1Macs + 512;
        // bn1: 512 elements, a scale and a shift each.
        long bnFlops = 2 * 512;
        // conv2: stride 2 gives 4x4, 16 channels = 256 outputs, each (8/2 groups) x 3x3 = 36 MACs; no bias.
        long conv2Macs = 256 * 36, conv2Flops = 2 * conv2Macs;
        // fc: 10 outputs x 16 inputs, +10 bias adds.
        long fcMacs = 160, fcFlops = 2 * fcMacs + 10;

        Assert.Equal(["conv1", "bn1", "conv2", "fc"], report.Layers.Select(l => l.Name));
        Assert.Equal(conv1Macs + conv2Macs + fcMacs, report.Macs);   // 23,200
        Assert.Equal(conv1Flops + bnFlops + conv2Flops + fcFlops, report.Flops); // 47,946
        Assert.Equal((3 * 8 * 9 + 8) + (8 + 8) + (16 * 4 * 9) + (16 * 10 + 10), report.Parameters);
    }

    [Theory]
    // torchvision's model cards list these multiply-accumulates at 224x224 (as "GFLOPS").
    [InlineData("resnet18", 1.81)]
    [InlineData("mobilenet_v2", 0.30)]
    [InlineData("mobilenet_v3_small", 0.06)]
    [InlineData("squeezenet1_1", 0.35)]
    [InlineData("efficientnet_b0", 0.39)]
    public void Zoo_counts_agree_with_torchvision_model_cards(string id, double gmacs)
    {
        using var model = ModelZoo.Create(id, 1000, pretrained: false);
        var report = FlopCounter.Count(model, size: 224);
        Assert.InRange(report.Macs / 1e9, gmacs * 0.93, gmacs * 1.07);
    }
}
