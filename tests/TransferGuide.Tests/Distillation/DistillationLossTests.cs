using TorchSharp;

using static TorchSharp.torch;

namespace TransferGuide.Tests.Distillation;

public class DistillationLossTests
{
    static double[] Softmax(double[] z, double t)
    {
        var e = z.Select(v => Math.Exp(v / t)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    [Fact]
    public void Value_matches_a_hand_computation()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        double[][] s = [[2.0, 0.5, -1.0], [0.0, 1.0, 0.3]];
        double[][] t = [[3.0, 0.0, -2.0], [-1.0, 2.0, 0.5]];
        long[] y = [0, 2];
        const double alpha = 0.7, temp = 4.0;

        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            var ps = Softmax(s[i], temp);
            var pt = Softmax(t[i], temp);
            double kl = pt.Select((p, c) => p * Math.Log(p / ps[c])).Sum();
            double ce = -Math.Log(Softmax(s[i], 1)[y[i]]);
            expected += alpha * temp * temp * kl + (1 - alpha) * ce;
        }
        expected /= 2;

        using var scope = NewDisposeScope();
        var loss = new DistillationLoss(alpha, temp).Mean(
            tensor(s.SelectMany(r => r).Select(v => (float)v).ToArray(), [2, 3]),
            tensor(t.SelectMany(r => r).Select(v => (float)v).ToArray(), [2, 3]),
            tensor(y));
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Alpha_zero_is_cross_entropy_and_identical_logits_leave_only_the_hard_term()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 2, 3, 0, 0, 1 }, [2, 3]);
        var y = tensor(new long[] { 2, 0 });
        var ce = nn.functional.cross_entropy(s, y).item<float>();
        Assert.Equal(ce, new DistillationLoss(0, 3).Mean(s, randn(2, 3), y).item<float>(), 6);
        Assert.Equal(0.5 * ce, new DistillationLoss(0.5, 3).Mean(s, s.clone(), y).item<float>(), 5);
    }

    [Fact]
    public void Gradient_flows_to_the_student_only()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var s = randn(4, 5).requires_grad_(true);
        var t = randn(4, 5).requires_grad_(true);
        new DistillationLoss().Mean(s, t, tensor(new long[] { 0, 1, 2, 3 })).backward();
        Assert.NotNull(s.grad);
        Assert.Null(t.grad);
    }

    [Fact]
    public void Preprocessing_conversion_is_exact_between_cntk_and_torchvision()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        // One pixel RGB (10, 120, 250), prepared each way by hand.
        var rgb = new[] { 10f, 120f, 250f };
        var tv = Preprocessing.TorchvisionImageNet;
        var cntk = Preprocessing.CntkResNet;
        var xTv = tensor(Enumerable.Range(0, 3).Select(c => (rgb[c] / 255f - tv.Mean[c]) / tv.Std[c]).ToArray(), [1, 3, 1, 1]);
        var bgr = new[] { rgb[2], rgb[1], rgb[0] };
        var xCntk = Enumerable.Range(0, 3).Select(c => bgr[c] - cntk.Mean[c]).ToArray();
        var converted = PreprocessingConversion.Convert(xTv, tv, cntk).data<float>().ToArray();
        for (int c = 0; c < 3; c++) Assert.Equal(xCntk[c], converted[c], 3);
        var back = PreprocessingConversion.Convert(PreprocessingConversion.Convert(xTv, tv, cntk), cntk, tv);
        Assert.True(back.allclose(xTv, rtol: 0, atol: 1e-5));
    }
}
