using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// MobileNetV2 or MobileNetV3-Small built by TorchVision 0.107 (<c>torchvision.models.mobilenet_v2</c>,
/// <c>mobilenet_v3_small</c>): its <c>features</c> registered under torchvision's name and a <c>classifier</c>
/// whose last linear layer is new, so torchvision's ImageNet state dicts load everywhere but that layer.
/// </summary>
public sealed class TorchvisionMobileNet : ZooModel
{
    readonly Module<Tensor, Tensor> features;
    readonly Sequential classifier;
    readonly int _classifierIndex;
    readonly double _headDropout;
    readonly int[][] _stages;

    /// <summary>"mobilenet_v2" or "mobilenet_v3_small".</summary>
    public string Variant { get; }

    /// <inheritdoc />
    public override int FeatureSize { get; }

    /// <inheritdoc />
    public override int NumClasses { get; }

    /// <summary>Builds a randomly initialised network; <paramref name="headDropout"/> is torchvision's classifier dropout (0.2).</summary>
    public TorchvisionMobileNet(string variant, int numClasses, double headDropout = 0.2) : base(variant)
    {
        Variant = variant; NumClasses = numClasses; _headDropout = headDropout;
        // Not disposed: its Dispose would dispose the children this model now owns.
        Module tv = variant switch
        {
            "mobilenet_v2" => torchvision.models.mobilenet_v2(dropout: headDropout),
            "mobilenet_v3_small" => torchvision.models.mobilenet_v3_small(),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "TorchVision MobileNets in the zoo: mobilenet_v2, mobilenet_v3_small."),
        };
        var children = tv.named_children().ToDictionary(c => c.name, c => c.module);
        features = (Module<Tensor, Tensor>)children["features"];
        var old = children["classifier"];
        if (variant == "mobilenet_v2")
        {
            FeatureSize = 1280;
            _classifierIndex = 1;
            classifier = Sequential(("0", Dropout(headDropout)), ("1", Linear(1280, numClasses)));
            // Groups end where the resolution halves: /4, /8, /16, /32 (features.1 joins the stem).
            _stages = [[0, 1], [2, 3], [4, 6], [7, 13], [14, 18]];
        }
        else
        {
            FeatureSize = 576;
            _classifierIndex = 3;
            // torchvision's pretrained 576→1024 layer stays; only the class layer is new.
            classifier = Sequential(
                ("0", (Module<Tensor, Tensor>)ConvBnAct.Child(old, 0)), ("1", Hardswish()),
                ("2", Dropout(headDropout)), ("3", Linear(1024, numClasses)));
            // The /16 stage is split at its width change (40 → 48 channels) to give four stages.
            _stages = [[0, 1], [2, 3], [4, 6], [7, 8], [9, 12]];
        }
        RegisterComponents();
        ResetClassifier();
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = features.call(x);
        return scope.MoveToOuter(functional.adaptive_avg_pool2d(y, 1).flatten(1));
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features) => classifier.call(features);

    /// <inheritdoc />
    public override Module Classifier => ConvBnAct.Child(classifier, _classifierIndex);

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new TorchvisionMobileNet(Variant, NumClasses, _headDropout);

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
        ConvBnAct.Groups(features, classifier, [.. _stages.Select((r, s) => (s == 0 ? "stem" : $"stage{s}", r[0], r[1]))]);
}
