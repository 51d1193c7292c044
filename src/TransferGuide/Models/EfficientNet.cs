using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// EfficientNet-B0 (TorchVision 0.107 has none), written to torchvision's layout: <c>features.0</c> stem,
/// <c>features.1..7</c> stages of MBConv blocks (<c>block.N</c>, squeeze-excitation <c>fc1</c>/<c>fc2</c>),
/// <c>features.8</c> head convolution and <c>classifier.1</c>, with stochastic depth rising to 0.2.
/// </summary>
public sealed class EfficientNet : ZooModel
{
    // (expand ratio, kernel, stride, in, out, layers) for B0, as torchvision's _efficientnet_conf.
    static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] B0 =
    [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ];

    readonly Sequential features;
    readonly Sequential classifier;
    readonly double _headDropout;

    /// <inheritdoc />
    public override int FeatureSize => 1280;

    /// <inheritdoc />
    public override int NumClasses { get; }

    /// <summary>Builds a randomly initialised EfficientNet-B0 (torchvision's init) with a head for <paramref name="numClasses"/>.</summary>
    public EfficientNet(int numClasses, double headDropout = 0.2, double stochasticDepth = 0.2) : base("EfficientNet")
    {
        NumClasses = numClasses; _headDropout = headDropout;
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("0", ConvBnAct.Create(3, 32, 3, 2, activation: () => SiLU())) };
        int total = B0.Sum(s => s.Layers), blockId = 0;
        for (int s = 0; s < B0.Length; s++)
        {
            var c = B0[s];
            var stage = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < c.Layers; i++)
            {
                double p = stochasticDepth * blockId++ / total;
                stage.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new MBConv(i == 0 ? c.In : c.Out, c.Out, c.Expand, c.Kernel, i == 0 ? c.Stride : 1, p)));
            }
            layers.Add(((s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sequential(stage)));
        }
        layers.Add(("8", ConvBnAct.Create(320, 1280, 1, activation: () => SiLU())));
        features = Sequential(layers);
        classifier = Sequential(("0", Dropout(headDropout)), ("1", Linear(1280, numClasses)));
        RegisterComponents();
        ConvBnAct.InitLikeTorchvision(this, uniformLinear: true);
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(functional.adaptive_avg_pool2d(features.call(x), 1).flatten(1));
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features) => classifier.call(features);

    /// <inheritdoc />
    public override Module Classifier => ConvBnAct.Child(classifier, 1);

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new EfficientNet(NumClasses, _headDropout);

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
        ConvBnAct.Groups(features, classifier, ("stem", 0, 1), ("stage2", 2, 2), ("stage3", 3, 3), ("stage4-5", 4, 5), ("stage6-head-conv", 6, 8));

    /// <summary>Inverted residual with squeeze-excitation; the residual branch is dropped per sample while training.</summary>
    sealed class MBConv : Module<Tensor, Tensor>
    {
        readonly Sequential block;
        readonly bool _residual;
        readonly double _dropProbability;

        public MBConv(int input, int output, int expand, int kernel, int stride, double dropProbability) : base("MBConv")
        {
            _residual = stride == 1 && input == output;
            _dropProbability = dropProbability;
            int expanded = input * expand;
            var layers = new List<(string, Module<Tensor, Tensor>)>();
            if (expanded != input) layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ConvBnAct.Create(input, expanded, 1, activation: () => SiLU())));
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ConvBnAct.Create(expanded, expanded, kernel, stride, groups: expanded, activation: () => SiLU())));
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), new SqueezeExcitation(expanded, Math.Max(1, input / 4))));
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ConvBnAct.Create(expanded, output, 1)));
            block = Sequential(layers);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = block.call(x);
            if (!_residual) return scope.MoveToOuter(y);
            if (training && _dropProbability > 0)
            {
                double survive = 1 - _dropProbability;
                var keep = empty([y.shape[0], 1, 1, 1], dtype: y.dtype, device: y.device).bernoulli_(survive).div_(survive);
                y = y * keep;
            }
            return scope.MoveToOuter(y + x);
        }
    }

    /// <summary>torchvision's SqueezeExcitation with SiLU: channel weights from a pooled 1x1 bottleneck.</summary>
    sealed class SqueezeExcitation : Module<Tensor, Tensor>
    {
        readonly Conv2d fc1, fc2;

        public SqueezeExcitation(long channels, long squeeze) : base("SqueezeExcitation")
        {
            fc1 = Conv2d(channels, squeeze, 1);
            fc2 = Conv2d(squeeze, channels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var s = functional.adaptive_avg_pool2d(x, 1);
            s = functional.sigmoid(fc2.call(functional.silu(fc1.call(s))));
            return scope.MoveToOuter(x * s);
        }
    }
}
