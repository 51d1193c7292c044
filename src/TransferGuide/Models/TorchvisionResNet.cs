using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// ResNet18, 34 or 50 built by TorchVision 0.107's <c>torchvision.models.resnetNN</c>, with its children
/// (conv1, bn1, layer1..4) registered under torchvision's names and a new <c>fc</c> head, so torchvision's
/// ImageNet state dicts load unchanged.
/// </summary>
public sealed class TorchvisionResNet : ZooModel
{
    readonly Module<Tensor, Tensor> conv1, bn1, maxpool, layer1, layer2, layer3, layer4;
    readonly Dropout dropout;
    readonly Linear fc;
    readonly double _headDropout;

    /// <summary>18, 34 or 50.</summary>
    public int Depth { get; }

    /// <inheritdoc />
    public override int FeatureSize { get; }

    /// <inheritdoc />
    public override int NumClasses { get; }

    /// <summary>Builds a randomly initialised ResNet of the given depth with a head for <paramref name="numClasses"/>.</summary>
    public TorchvisionResNet(int depth, int numClasses, double headDropout = 0.0) : base($"ResNet{depth}")
    {
        Depth = depth; NumClasses = numClasses; _headDropout = headDropout;
        // Not disposed: its Dispose would dispose the children this model now owns; the unused 1000-class fc is left to the GC.
        var tv = depth switch
        {
            18 => torchvision.models.resnet18(),
            34 => torchvision.models.resnet34(),
            50 => torchvision.models.resnet50(),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "TorchVision ResNets in the zoo: 18, 34, 50."),
        };
        var children = tv.named_children().ToDictionary(c => c.name, c => (Module<Tensor, Tensor>)c.module);
        conv1 = children["conv1"]; bn1 = children["bn1"]; maxpool = children["maxpool"];
        layer1 = children["layer1"]; layer2 = children["layer2"]; layer3 = children["layer3"]; layer4 = children["layer4"];
        FeatureSize = depth >= 50 ? 2048 : 512;
        dropout = Dropout(headDropout);
        fc = Linear(FeatureSize, numClasses);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = maxpool.call(functional.relu(bn1.call(conv1.call(x))));
        y = layer4.call(layer3.call(layer2.call(layer1.call(y))));
        return scope.MoveToOuter(functional.adaptive_avg_pool2d(y, 1).flatten(1));
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features) => fc.call(dropout.call(features));

    /// <inheritdoc />
    public override Module Classifier => fc;

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new TorchvisionResNet(Depth, NumClasses, _headDropout);

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
    [
        ("stem", [conv1, bn1]),
        ("layer1", [layer1]), ("layer2", [layer2]), ("layer3", [layer3]), ("layer4", [layer4]),
        ("head", [fc]),
    ];
}
