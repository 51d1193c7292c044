using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TransferGuide.Core.Native;

namespace TransferGuide.Models;

public sealed partial class ResNet
{
    /// <summary>
    /// Layers whose output <see cref="ForwardCapture"/> can return, input to output: "stem" (conv1, bn1, relu),
    /// each stage ("layer1" … "layer4"), each block ("layer4.1") and each convolution inside a block
    /// ("layer4.1.conv1" after its BatchNorm and ReLU, "layer4.1.conv2" after its BatchNorm, before the shortcut).
    /// </summary>
    public IReadOnlyList<string> CaptureLayers()
    {
        var names = new List<string> { "stem" };
        foreach (var (stage, layer) in Stages())
        {
            names.Add(stage);
            for (int b = 0; b < layer.Count; b++) names.AddRange([$"{stage}.{b}", $"{stage}.{b}.conv1", $"{stage}.{b}.conv2"]);
        }
        return names;
    }

    /// <summary>
    /// The network's last convolution ("layer4.2.conv2" for blocks 2-2-2-3): its output, before the final
    /// shortcut adds earlier blocks' features back, is the "last convolutional layer" of the Grad-CAM paper.
    /// </summary>
    public string LastConvLayer => CaptureLayers().Last(n => n.EndsWith(".conv2", StringComparison.Ordinal));

    /// <summary>The first convolution's weights, <c>64 × 3 × 7 × 7</c>, channels in the preprocessing's order.</summary>
    public Tensor StemWeights => conv1.weight!;

    /// <summary>
    /// Runs the network and also returns the output of <paramref name="layer"/> (one of <see cref="CaptureLayers"/>),
    /// still attached to the autograd graph, so gradients of the logits with respect to it can be taken (Grad-CAM).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown layer name; the message lists the valid ones.</exception>
    public (Tensor Logits, Tensor Activation) ForwardCapture(Tensor x, string layer)
    {
        var parts = layer.Split('.');
        var valid = CaptureLayers();
        if (!valid.Contains(layer))
            throw new ArgumentException($"Unknown layer '{layer}'. Use one of: stem, layer1 … layer4, a block such as layer4.1, or a convolution such as layer4.1.conv2.", nameof(layer));
        Tensor? captured = null;
        var y = functional.relu(bn1.call(conv1.call(x)));
        if (layer == "stem") captured = y;
        y = maxpool.call(y);
        foreach (var (stage, seq) in Stages())
        {
            for (int b = 0; b < seq.Count; b++)
            {
                var block = (BasicBlock)seq[b];
                string? part = parts.Length == 3 && parts[0] == stage && parts[1] == b.ToString() ? parts[2] : null;
                y = block.ForwardCapture(y, part, out var inner);
                if (inner is not null) captured = inner;
                if (parts.Length == 2 && parts[0] == stage && parts[1] == b.ToString()) captured = y;
            }
            if (layer == stage) captured = y;
        }
        var logits = Head(avgpool.call(y).flatten(1));
        return (logits, captured!);
    }

    IEnumerable<(string Name, Sequential Layer)> Stages() => [("layer1", layer1), ("layer2", layer2), ("layer3", layer3), ("layer4", layer4)];
}

public sealed partial class BasicBlock
{
    /// <summary>The block's forward pass, also returning the output of "conv1" or "conv2" when <paramref name="part"/> names one.</summary>
    internal Tensor ForwardCapture(Tensor x, string? part, out Tensor? captured)
    {
        var a = functional.relu(bn1.call(conv1.call(x)));
        var b = bn2.call(conv2.call(a));
        captured = part switch { "conv1" => a, "conv2" => b, _ => null };
        var shortcut = downsample is null ? x : downsample.call(x);
        // Not in place: the captured conv2 output must keep its value for the gradient.
        return functional.relu(b.add(shortcut, KeptScalars.One));
    }
}
