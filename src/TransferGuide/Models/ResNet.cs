using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TransferGuide.Core.Native;

namespace TransferGuide.Models;

/// <summary>
/// ResNet with basic blocks, named as torchvision names them (conv1, bn1, layer1.0.conv1, …, fc), so
/// that torchvision state dicts and the CNTK ImageNet export both map onto it.
/// </summary>
public sealed partial class ResNet : ZooModel, IRecomputableStem
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Dropout dropout;
    readonly Linear fc;

    /// <summary>Blocks per stage, e.g. [2,2,2,2] for torchvision's ResNet18, [2,2,2,3] for the CNTK export.</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <summary>Width of the pooled feature vector (512 for basic-block ResNets).</summary>
    public override int FeatureSize => 512;

    /// <summary>Number of output classes of the head.</summary>
    public override int NumClasses { get; }

    readonly double _headDropout;

    /// <summary>Creates a randomly initialised ResNet.</summary>
    /// <param name="blocks">Basic blocks in each of the four stages.</param>
    /// <param name="numClasses">Outputs of the new head.</param>
    /// <param name="headDropout">Dropout before the head (0 for none).</param>
    public ResNet(int[] blocks, int numClasses, double headDropout = 0.0) : base("ResNet")
    {
        if (blocks.Length != 4) throw new ArgumentException("A ResNet has four stages.", nameof(blocks));
        Blocks = blocks;
        NumClasses = numClasses;
        _headDropout = headDropout;
        conv1 = Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, 2, 1);
        int inplanes = 64;
        layer1 = MakeLayer(ref inplanes, 64, blocks[0], 1);
        layer2 = MakeLayer(ref inplanes, 128, blocks[1], 2);
        layer3 = MakeLayer(ref inplanes, 256, blocks[2], 2);
        layer4 = MakeLayer(ref inplanes, 512, blocks[3], 2);
        avgpool = AdaptiveAvgPool2d(1);
        dropout = Dropout(headDropout);
        fc = Linear(512, numClasses);
        RegisterComponents();
    }

    static Sequential MakeLayer(ref int inplanes, int planes, int count, int stride)
    {
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < count; i++)
        {
            blocks.Add((i.ToString(), new BasicBlock(inplanes, planes, i == 0 ? stride : 1)));
            inplanes = planes;
        }
        return Sequential(blocks);
    }

    /// <summary>The pooled 512-wide features, before dropout and head.</summary>
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Pooled(Stem(x)));
    }

    /// <inheritdoc />
    public Tensor Stem(Tensor x)
    {
        using var scope = NewDisposeScope();
        // In-place ReLUs (as torchvision's): BatchNorm's backward does not need its output, so the ReLU may
        // overwrite it, and autograd keeps one activation per convolution instead of two.
        var y = functional.relu(bn1.call(conv1.call(x)), inplace: true);
        return scope.MoveToOuter(maxpool.call(y));
    }

    /// <inheritdoc />
    public Tensor FromStem(Tensor stem)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Head(Pooled(stem)));
    }

    Tensor Pooled(Tensor stem) => avgpool.call(layer4.call(layer3.call(layer2.call(layer1.call(stem))))).flatten(1);

    /// <inheritdoc />
    public IEnumerable<Parameter> StemParameters => conv1.parameters().Concat(bn1.parameters());

    /// <inheritdoc />
    public IEnumerable<BatchNorm2d> StemNorms => [bn1];

    /// <summary>Applies the head (dropout then the linear layer) to features.</summary>
    public override Tensor Head(Tensor features) => fc.call(dropout.call(features));

    /// <summary>The new head, for optimisers that train it alone.</summary>
    public Linear Fc => fc;

    /// <inheritdoc />
    public override Module Classifier => fc;

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new ResNet(Blocks.ToArray(), NumClasses, _headDropout);

    /// <summary>Layer groups from input to output: stem, layer1..layer4, head.</summary>
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups() =>
    [
        ("stem", [conv1, bn1]),
        ("layer1", [layer1]), ("layer2", [layer2]), ("layer3", [layer3]), ("layer4", [layer4]),
        ("head", [fc]),
    ];
}

/// <summary>torchvision's BasicBlock: two 3x3 convolutions and a shortcut.</summary>
public sealed partial class BasicBlock : Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly Sequential? downsample;

    /// <summary>Creates a block; a 1x1 projection shortcut is added when the shape changes.</summary>
    public BasicBlock(int inplanes, int planes, int stride) : base("BasicBlock")
    {
        conv1 = Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        if (stride != 1 || inplanes != planes)
            downsample = Sequential(
                ("0", Conv2d(inplanes, planes, 1, stride: stride, bias: false)),
                ("1", BatchNorm2d(planes)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.call(conv1.call(x)), inplace: true);
        y = bn2.call(conv2.call(y));
        var shortcut = downsample is null ? x : downsample.call(x);
        return scope.MoveToOuter(functional.relu(y.add_(shortcut, KeptScalars.One), inplace: true));
    }
}
