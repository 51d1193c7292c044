using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

/// <summary>The folded, channels-last and bf16 backbones must give the features the plain module gives.</summary>
public class FrozenResNetTests
{
    static float[] Photos(params string[] relative)
    {
        var p = Preprocessing.CntkResNet;
        var pixels = new float[relative.Length * 3 * 224 * 224];
        for (int i = 0; i < relative.Length; i++)
        {
            using var image = ImageDecoder.LoadRgb(Path.Combine(SharedData.Hymenoptera, relative[i]));
            Transforms.Eval(p).ApplyAll(image, new Random(0));
            PixelTensor.WriteChw(image, p, pixels.AsSpan(i * 3 * 224 * 224, 3 * 224 * 224));
        }
        return pixels;
    }

    static readonly string[] TwoPhotos = ["val/ants/10308379_1b6c72e180.jpg", "val/bees/1032546534_06907fe3b3.jpg"];

    static (float[] Plain, float[] Other) Features(FrozenResNetOptions options, float[] pixels, int n, int size)
    {
        using var model = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 2);
        model.eval();
        using var frozen = new FrozenResNet(model, options);
        using var scope = NewDisposeScope();
        var x = tensor(pixels, [n, 3, size, size]);
        using var _ = no_grad();
        return (model.Features(x).data<float>().ToArray(), frozen.Features(x).data<float>().ToArray());
    }

    /// <summary>NCHW; channels-last with 1x1 convolutions fed plain input (right on every CPU seen); and the fp32 path the guard chose here.</summary>
    public static TheoryData<string> Layouts => new("nchw", "channels-last-fixed", "guarded");

    static FrozenResNetOptions Options(string layout) => layout switch
    {
        "nchw" => new FrozenResNetOptions(),
        "channels-last-fixed" => new FrozenResNetOptions(ChannelsLast: true) { Fixes = NumericsPath.ClFixes },
        _ => NumericsGuard.FeaturePath(allowBf16: false).FrozenOptions,
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Folded_batchnorm_gives_the_same_features_within_1e_4(string layout)
    {
        var (plain, folded) = Features(Options(layout), Photos(TwoPhotos), 2, 224);
        Assert.Equal(plain.Length, folded.Length);
        double maxAbs = plain.Zip(folded, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxAbs <= 1e-4, $"max abs difference {maxAbs:E2}");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Folding_works_at_other_sizes_and_batches(string layout)
    {
        var random = new Random(3);
        var pixels = Enumerable.Range(0, 3 * 3 * 96 * 96).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
        var (plain, folded) = Features(Options(layout), pixels, 3, 96);
        Assert.True(plain.Zip(folded, (a, b) => Math.Abs(a - b)).Max() <= 1e-4);
    }

    /// <summary>The raw channels-last chain: where it is wrong (as on AMD Zen 5 with libtorch 2.10), the guard has ruled it out.</summary>
    [Fact]
    public void Raw_channels_last_features_are_used_only_where_their_probe_passed()
    {
        var (plain, raw) = Features(new FrozenResNetOptions(ChannelsLast: true), Photos(TwoPhotos), 2, 224);
        double maxAbs = plain.Zip(raw, (a, b) => Math.Abs(a - b)).Max();
        var verdict = NumericsGuard.Verdicts([NumericsGuard.Find("features/fp32-cl")!])["features/fp32-cl"];
        if (maxAbs > 1e-4) Assert.False(verdict.Passed, $"raw channels-last features differ by {maxAbs:E2} but the probe passed them");
        if (!verdict.Passed) Assert.NotEqual("features/fp32-cl", NumericsGuard.FeaturePath(allowBf16: false).Id);
    }

    [Fact]
    public void Bf16_features_point_the_same_way_as_fp32_ones()
    {
        var (plain, bf16) = Features(new FrozenResNetOptions(ChannelsLast: true, BFloat16: true), Photos(TwoPhotos), 2, 224);
        for (int i = 0; i < 2; i++)
        {
            var a = plain.AsSpan(i * 512, 512); var b = bf16.AsSpan(i * 512, 512);
            double dot = 0, na = 0, nb = 0;
            for (int k = 0; k < 512; k++) { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k]; }
            double cosine = dot / Math.Sqrt(na * nb);
            Assert.True(cosine >= 0.999, $"photo {i}: cosine {cosine:F5} between bf16 and fp32 features");
        }
    }

    [Fact]
    public void Channels_last_keeps_shape_and_values()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);
        var cl = FrozenResNet.ToChannelsLast(x);
        Assert.Equal(x.shape, cl.shape);
        Assert.True(x.allclose(cl, 0, 0));
        Assert.Equal(1, cl.stride(1)); // channels are adjacent in memory: NHWC
    }

    [Fact]
    public void The_folded_model_is_a_snapshot_that_later_training_does_not_change()
    {
        using var model = (ResNet)ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 2);
        model.eval();
        using var frozen = new FrozenResNet(model);
        using var scope = NewDisposeScope();
        var x = rand(1, 3, 64, 64) * 100;
        var before = frozen.Features(x).clone();
        using (no_grad()) foreach (var p in model.parameters()) p.mul_(0.5);
        Assert.True(before.allclose(frozen.Features(x)));
    }
}
