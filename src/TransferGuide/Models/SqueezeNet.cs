using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// SqueezeNet 1.1 (TorchVision 0.107 has none), written to torchvision's layout: <c>features.N</c> with Fire
/// modules (<c>squeeze</c>, <c>expand1x1</c>, <c>expand3x3</c>) and a convolutional <c>classifier.1</c>.
/// </summary>
/// <remarks>
/// <see cref="ZooModel.forward"/> is torchvision's (dropout, 1x1 conv, ReLU, then the average pool);
/// <see cref="Head"/> applies the same conv and ReLU to pooled features, which is what feature extraction needs.
/// </remarks>
public sealed class SqueezeNet : ZooModel
{
    readonly Sequential features;
    readonly Sequential classifier;
    readonly double _headDropout;

    /// <inheritdoc />
    public override int FeatureSize => 512;

    /// <inheritdoc />
    public override int NumClasses { get; }

    /// <summary>Builds a randomly initialised SqueezeNet 1.1 (torchvision's init) with a head for <paramref name="numClasses"/>.</summary>
    public SqueezeNet(int numClasses, double headDropout = 0.5) : base("SqueezeNet")
    {
        NumClasses = numClasses; _headDropout = headDropout;
        features = Sequential(
            ("0", Conv2d(3, 64, 3, stride: 2)), ("1", ReLU()), ("2", MaxPool2d(3, 2, ceil_mode: true)),
            ("3", new Fire(64, 16, 64, 64)), ("4", new Fire(128, 16, 64, 64)), ("5", MaxPool2d(3, 2, ceil_mode: true)),
            ("6", new Fire(128, 32, 128, 128)), ("7", new Fire(256, 32, 128, 128)), ("8", MaxPool2d(3, 2, ceil_mode: true)),
            ("9", new Fire(256, 48, 192, 192)), ("10", new Fire(384, 48, 192, 192)),
            ("11", new Fire(384, 64, 256, 256)), ("12", new Fire(512, 64, 256, 256)));
        classifier = Sequential(("0", Dropout(headDropout)), ("1", Conv2d(512, numClasses, 1)), ("2", ReLU()), ("3", AdaptiveAvgPool2d(1)));
        using (no_grad())
        {
            foreach (var (_, m) in features.named_modules())
                if (m is Conv2d conv)
                {
                    init.kaiming_uniform_(conv.weight);
                    if (conv.bias is { } b) init.zeros_(b);
                }
        }
        RegisterComponents();
        ResetClassifier();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(classifier.call(features.call(x)).flatten(1));
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(functional.adaptive_avg_pool2d(features.call(x), 1).flatten(1));
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(classifier.call(features.view(features.shape[0], FeatureSize, 1, 1)).flatten(1));
    }

    /// <inheritdoc />
    public override Module Classifier => ConvBnAct.Child(classifier, 1);

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new SqueezeNet(NumClasses, _headDropout);

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
        ConvBnAct.Groups(features, classifier, ("stem", 0, 2), ("fire1", 3, 5), ("fire2", 6, 8), ("fire3", 9, 10), ("fire4", 11, 12));

    /// <summary>A squeeze 1x1 convolution feeding parallel 1x1 and 3x3 expansions, concatenated.</summary>
    sealed class Fire : Module<Tensor, Tensor>
    {
        readonly Conv2d squeeze, expand1x1, expand3x3;

        public Fire(long inplanes, long squeezePlanes, long expand1x1Planes, long expand3x3Planes) : base("Fire")
        {
            squeeze = Conv2d(inplanes, squeezePlanes, 1);
            expand1x1 = Conv2d(squeezePlanes, expand1x1Planes, 1);
            expand3x3 = Conv2d(squeezePlanes, expand3x3Planes, 3, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var s = functional.relu(squeeze.call(x));
            return scope.MoveToOuter(cat([functional.relu(expand1x1.call(s)), functional.relu(expand3x3.call(s))], 1));
        }
    }
}
