using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace TransferGuide.Tests.Models;

/// <summary>The converted weights must compute what the original ONNX graph computes.</summary>
public class OnnxParityTests
{
    [Theory]
    [InlineData("val/ants/10308379_1b6c72e180.jpg")]
    [InlineData("val/bees/1032546534_06907fe3b3.jpg")]
    public void TorchSharp_features_match_onnx_runtime_on_a_real_photo(string relative)
    {
        var photo = Path.Combine(SharedData.Hymenoptera, relative);
        var p = Preprocessing.CntkResNet;
        var pixels = new float[3 * 224 * 224];
        using (var image = ImageDecoder.LoadRgb(photo))
        {
            Transforms.Eval(p).ApplyAll(image, new Random(0));
            PixelTensor.WriteChw(image, p, pixels);
        }

        float[] expected;
        using (var session = new InferenceSession(PretrainedWeights.ResNet18Onnx()))
        {
            var input = new DenseTensor<float>(pixels, [1, 3, 224, 224]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("Input247", input)]);
            expected = results.First(r => r.Name == "Pooling395_Output_0").AsEnumerable<float>().ToArray();
        }

        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, numClasses: 2);
        model.eval();
        float[] actual;
        using (var scope = NewDisposeScope())
        using (no_grad())
            actual = model.Features(tensor(pixels, [1, 3, 224, 224])).data<float>().ToArray();

        Assert.Equal(512, expected.Length);
        Assert.Equal(512, actual.Length);
        double maxAbs = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxAbs <= 1e-4, $"max abs difference {maxAbs:E2} > 1e-4");
        Assert.True(expected.Max() > 0.1f, "features should not be all zero");
    }

    [Fact]
    public void Pretrained_weights_are_read_once_and_reused()
    {
        using var a = ModelZoo.Create(ModelZoo.ResNet18ImageNet, 2);
        using var b = ModelZoo.Create(ModelZoo.ResNet18ImageNet, 5);
        var wa = a.named_parameters().First(n => n.name == "layer4.2.conv2.weight").parameter;
        var wb = b.named_parameters().First(n => n.name == "layer4.2.conv2.weight").parameter;
        Assert.True(wa.allclose(wb, rtol: 0, atol: 0));
        Assert.NotEqual(wa.Handle, wb.Handle); // separate copies: fine-tuning one must not change the other
        Assert.Equal(5, b.NumClasses);
    }

    [Fact]
    public void Unknown_model_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Create("resnet999", 2));
        Assert.Contains(ModelZoo.ResNet18ImageNet, e.Message);
    }
}
