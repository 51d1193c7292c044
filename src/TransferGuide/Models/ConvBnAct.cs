using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// torchvision's <c>Conv2dNormActivation</c>: a Sequential named "0" (convolution, no bias), "1" (BatchNorm)
/// and "2" (activation, when given), so parameter names match torchvision's state dicts.
/// </summary>
internal static class ConvBnAct
{
    /// <summary>Builds the block with "same" padding for odd kernels.</summary>
    public static Sequential Create(long inChannels, long outChannels, long kernel, long stride = 1, long groups = 1,
        Func<Module<Tensor, Tensor>>? activation = null, double eps = 1e-5, double momentum = 0.1)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", Conv2d(inChannels, outChannels, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false)),
            ("1", BatchNorm2d(outChannels, eps: eps, momentum: momentum)),
        };
        if (activation != null) layers.Add(("2", activation()));
        return Sequential(layers);
    }

    /// <summary>Child <paramref name="index"/> of a Sequential, as torchvision indexes it.</summary>
    public static Module Child(Module sequential, int index) =>
        sequential.named_children().First(c => c.name == index.ToString(System.Globalization.CultureInfo.InvariantCulture)).module;

    /// <summary>Children <paramref name="from"/>..<paramref name="to"/> (inclusive) of a Sequential.</summary>
    public static IReadOnlyList<Module> Children(Module sequential, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => Child(sequential, i)).ToList();

    /// <summary>
    /// Layer groups for discriminative learning rates: named ranges of <paramref name="features"/>' children
    /// (inclusive), then the head.
    /// </summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> Groups(Module features, Module head,
        params (string Name, int From, int To)[] ranges) =>
        [.. ranges.Select(r => (r.Name, Children(features, r.From, r.To))), ("head", [head])];

    /// <summary>Kaiming-normal (fan out) convolutions, unit BatchNorm, as torchvision initialises these nets.</summary>
    public static void InitLikeTorchvision(Module model, bool uniformLinear)
    {
        using var _ = no_grad();
        foreach (var (_, m) in model.named_modules())
        {
            switch (m)
            {
                case TorchSharp.Modules.Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut);
                    if (conv.bias is { } b) init.zeros_(b);
                    break;
                case TorchSharp.Modules.BatchNorm2d bn:
                    init.ones_(bn.weight); init.zeros_(bn.bias);
                    break;
                case TorchSharp.Modules.Linear lin when uniformLinear:
                    double range = 1.0 / Math.Sqrt(lin.weight!.shape[0]);
                    init.uniform_(lin.weight, -range, range);
                    if (lin.bias is { } lb) init.zeros_(lb);
                    break;
            }
        }
    }
}
