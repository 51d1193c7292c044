using TorchSharp;
using TorchSharp.Modules;

using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>Work of one layer for one image.</summary>
/// <param name="Name">Module path, e.g. "layer1.0.conv1".</param>
/// <param name="Kind">"conv", "linear" or "batchnorm".</param>
/// <param name="Macs">Multiply-accumulates.</param>
/// <param name="Flops">Floating-point operations: 2 per MAC, 1 per bias add, 2 per BatchNorm element.</param>
public sealed record LayerFlops(string Name, string Kind, long Macs, long Flops);

/// <summary>What a forward pass of one image costs.</summary>
/// <param name="Macs">Multiply-accumulates of convolutions and linear layers (what most papers call "FLOPs").</param>
/// <param name="Flops">All counted operations (see <see cref="LayerFlops.Flops"/>).</param>
/// <param name="Parameters">Trainable and frozen parameters.</param>
/// <param name="Layers">Per layer, in call order.</param>
public sealed record FlopReport(long Macs, long Flops, long Parameters, IReadOnlyList<LayerFlops> Layers);

/// <summary>
/// Counts a model's work from its modules: forward hooks on every Conv2d, Linear and BatchNorm2d record the
/// real input and output shapes of one forward pass, and the count follows from them. Activations, pooling
/// and additions are not counted (they are a few percent and memory-bound).
/// </summary>
public static class FlopCounter
{
    /// <summary>Runs one forward pass on zeros of [1, channels, size, size] and counts per image.</summary>
    public static FlopReport Count(nn.Module<Tensor, Tensor> model, int size, int channels = 3)
    {
        var layers = new List<LayerFlops>();
        var hooks = new List<Action>();
        foreach (var (name, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    hooks.Add(Remover(conv.register_forward_hook((m, input, output) => { layers.Add(ConvCost(name, (Conv2d)m, output)); return output; })));
                    break;
                case Linear linear:
                    hooks.Add(Remover(linear.register_forward_hook((m, input, output) => { layers.Add(LinearCost(name, (Linear)m, output)); return output; })));
                    break;
                case BatchNorm2d bn:
                    hooks.Add(Remover(bn.register_forward_hook((m, input, output) =>
                    {
                        long n = output.numel() / output.shape[0];
                        layers.Add(new LayerFlops(name, "batchnorm", 0, 2 * n));
                        return output;
                    })));
                    break;
            }
        }
        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            model.call(zeros([1, channels, size, size], device: device));
        }
        finally
        {
            foreach (var remove in hooks) remove();
            if (wasTraining) model.train();
        }
        long parameters = model.parameters().Sum(p => p.numel());
        return new FlopReport(layers.Sum(l => l.Macs), layers.Sum(l => l.Flops), parameters, layers);
    }

    static Action Remover(nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover handle) =>
        handle.remove;

    static LayerFlops ConvCost(string name, Conv2d conv, Tensor output)
    {
        var w = conv.weight!.shape; // [out, in/groups, kh, kw]
        long outputs = output.numel() / output.shape[0];
        long macs = outputs * w[1] * w[2] * w[3];
        return new LayerFlops(name, "conv", macs, 2 * macs + (conv.bias is null ? 0 : outputs));
    }

    static LayerFlops LinearCost(string name, Linear linear, Tensor output)
    {
        long inFeatures = linear.weight!.shape[1];
        long outputs = output.numel() / output.shape[0];
        long macs = outputs * inFeatures;
        return new LayerFlops(name, "linear", macs, 2 * macs + (linear.bias is null ? 0 : outputs));
    }
}
