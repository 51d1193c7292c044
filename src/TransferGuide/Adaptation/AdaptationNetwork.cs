using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Adaptation;

/// <summary>
/// The trainable part on top of frozen backbone features: a bottleneck (Linear, ReLU), a label classifier on it, and
/// DANN's domain classifier (Linear, ReLU, Linear to one logit), fed through <see cref="GradientReversal"/>. Every
/// method trains the same bottleneck and classifier; only DANN uses the domain classifier.
/// </summary>
public sealed class AdaptationNetwork : Module<Tensor, Tensor>
{
    readonly Sequential bottleneck;
    readonly Linear classifier;
    readonly Sequential domain;

    /// <summary>A fresh network; its weights come from torch's global generator (seed it first).</summary>
    /// <param name="featureSize">Width of the frozen features.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="bottleneckSize">Width of the bottleneck.</param>
    /// <param name="domainHidden">Hidden width of the domain classifier.</param>
    public AdaptationNetwork(int featureSize, int classes, int bottleneckSize = 256, int domainHidden = 256) : base(nameof(AdaptationNetwork))
    {
        bottleneck = Sequential(("linear", Linear(featureSize, bottleneckSize)), ("relu", ReLU()));
        classifier = Linear(bottleneckSize, classes);
        domain = Sequential(("linear1", Linear(bottleneckSize, domainHidden)), ("relu", ReLU()), ("linear2", Linear(domainHidden, 1)));
        RegisterComponents();
    }

    /// <summary>The bottleneck features of frozen features <paramref name="x"/>.</summary>
    public Tensor Embed(Tensor x) => bottleneck.call(x);

    /// <summary>Class logits of bottleneck features.</summary>
    public Tensor Classify(Tensor embedded) => classifier.call(embedded);

    /// <summary>
    /// Domain logits (positive: target) of bottleneck features, through a gradient-reversal layer of weight
    /// <paramref name="lambda"/>: the domain classifier learns to separate the domains, the bottleneck to mix them.
    /// </summary>
    public Tensor Domain(Tensor embedded, double lambda) => domain.call(GradientReversal.Apply(embedded, lambda)).squeeze(1);

    /// <summary>Class logits of frozen features.</summary>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
