using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>
/// A small residual layer on top of the frozen features, the part first-order meta-learning learns:
/// <c>a = z + W₂·relu(W₁·z + b₁)</c> with <c>z</c> the length-1 feature vector. <c>W₂</c> starts at zero, so before
/// meta-training the adapter passes features through unchanged and the method starts as the fine-tuned head.
/// The tensors are plain weights; <see cref="Trainable"/> makes the copy an episode adapts.
/// </summary>
public sealed class ResidualAdapter : IDisposable
{
    /// <summary>W₁, <c>width × dim</c>; b₁; W₂, <c>dim × width</c>.</summary>
    public IReadOnlyList<Tensor> Weights { get; }

    ResidualAdapter(IReadOnlyList<Tensor> weights) => Weights = weights;

    /// <summary>A fresh adapter, its random part drawn from <paramref name="seed"/> alone (not the global generator).</summary>
    public static ResidualAdapter Create(int dim, int width, int seed, Device? device = null)
    {
        var random = new Random(seed);
        double scale = 1 / Math.Sqrt(dim);
        var w1 = Enumerable.Range(0, width * dim).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        return new ResidualAdapter([tensor(w1, [width, dim], device: device), zeros(width, device: device), zeros(dim, width, device: device)]);
    }

    /// <summary>Copies of the weights that gradients flow into, for one episode's inner loop.</summary>
    public Parameter[] Trainable() => Weights.Select(w => new Parameter(w.detach().clone())).ToArray();

    /// <summary>The adapted features of <paramref name="features"/> under <paramref name="weights"/> (these or a trainable copy).</summary>
    public static Tensor Apply(IReadOnlyList<Tensor> weights, Tensor features)
    {
        var z = nn.functional.normalize(features, dim: 1);
        return z + nn.functional.relu(z.matmul(weights[0].t()) + weights[1]).matmul(weights[2].t());
    }

    /// <summary>Moves these weights a fraction <paramref name="step"/> of the way toward <paramref name="adapted"/> (Reptile's outer update).</summary>
    public void MoveToward(IReadOnlyList<Tensor> adapted, double step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < Weights.Count; i++) Weights[i].add_((adapted[i].detach() - Weights[i]) * step);
    }

    /// <summary>A copy, to keep the best weights seen on meta-validation.</summary>
    public ResidualAdapter Clone() => new(Weights.Select(w => w.detach().clone()).ToList());

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var w in Weights) w.Dispose();
    }
}
