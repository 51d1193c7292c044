using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models;

/// <summary>
/// What every network in the <see cref="ModelZoo"/> offers the trainers: pooled features, a replaceable head,
/// and six layer groups from input to output (stem, four stages, head) for freezing and discriminative rates.
/// Parameter names follow torchvision, so its state dicts load unchanged.
/// </summary>
public abstract class ZooModel : Module<Tensor, Tensor>
{
    /// <summary>Number of layer groups every zoo model exposes: stem, four stages, head.</summary>
    public const int GroupCount = 6;

    /// <summary>Initialises the module with its TorchSharp name.</summary>
    protected ZooModel(string name) : base(name) { }

    /// <summary>Width of the pooled feature vector that <see cref="Features"/> returns.</summary>
    public abstract int FeatureSize { get; }

    /// <summary>Number of output classes of the head.</summary>
    public abstract int NumClasses { get; }

    /// <summary>The pooled, flattened features [N, <see cref="FeatureSize"/>], before the head.</summary>
    public abstract Tensor Features(Tensor x);

    /// <summary>Applies the head to pooled features, giving logits [N, <see cref="NumClasses"/>].</summary>
    public abstract Tensor Head(Tensor features);

    /// <summary>The new layer that maps to the classes (the one a head-only trainer re-initialises).</summary>
    public abstract Module Classifier { get; }

    /// <summary>Exactly <see cref="GroupCount"/> layer groups from input to output; the last is the head.</summary>
    public abstract IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups();

    /// <summary>A fresh, randomly initialised copy of the same architecture (used for reduced-precision shadows).</summary>
    public abstract ZooModel NewUntrained();

    /// <summary>The device the weights live on.</summary>
    public Device Device => parameters().First().device;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var features = Features(x);
        return Head(features);
    }

    /// <summary>Re-initialises <see cref="Classifier"/> as torchvision initialises new heads: small normal weights, zero bias.</summary>
    public void ResetClassifier(double std = 0.01)
    {
        using var _ = no_grad();
        foreach (var (name, p) in Classifier.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) init.zeros_(p);
            else init.normal_(p, 0, std);
        }
    }
}
