using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Tests.Models;

/// <summary>The tiny net of tools/pytorch-fixtures/make_fixtures.py, with the same parameter names.</summary>
internal sealed class TinyNet : Module<Tensor, Tensor>
{
    readonly Conv2d conv = Conv2d(3, 4, 3, padding: 1);
    readonly BatchNorm2d bn = BatchNorm2d(4);
    readonly Linear fc = Linear(4, 3);

    public TinyNet() : base("TinyNet") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn.call(conv.call(x)));
        return scope.MoveToOuter(fc.call(y.mean([2, 3])));
    }
}

public class PyTorchFixtureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", name);

    [Fact]
    public void State_dict_saved_by_real_pytorch_loads_and_reproduces_its_output_within_1e_5()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var json = JsonDocument.Parse(File.ReadAllText(Fixture("tiny_net.json"))).RootElement;
        float[] Floats(string p) => json.GetProperty(p).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        long[] Shape(string p) => json.GetProperty(p).EnumerateArray().Select(v => v.GetInt64()).ToArray();

        using var scope = NewDisposeScope();
        using var net = new TinyNet();
        var loaded = PyTorchStateDict.LoadInto(net, Fixture("tiny_net.pt"));
        Assert.Contains("bn.running_mean", loaded);
        net.eval();
        using var _ = no_grad();
        var y = net.call(tensor(Floats("input"), Shape("input_shape")));
        var expected = Floats("output");
        var actual = y.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = expected.Zip(actual, (a, b) => (double)Math.Abs(a - b)).Max();
        output.WriteLine($"max |PyTorch - TorchSharp| = {maxDiff:E2} over {actual.Length} outputs");
        Assert.True(maxDiff < 1e-5, $"max |PyTorch - TorchSharp| = {maxDiff:E2}");
    }

    [Fact]
    public void A_file_for_another_architecture_is_refused_with_the_names()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var model = ModelZoo.Create("squeezenet1_1", 2, pretrained: false);
        var e = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.LoadInto(model, Fixture("tiny_net.pt")));
        Assert.Contains("missing in the file: features.0.weight", e.Message);
        Assert.Contains("not in the model: conv.weight", e.Message);
    }
}
