using Optim = TransferGuide.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>Fixed settings of <see cref="FineTunedHead"/>, the same for every episode (never tuned on test classes).</summary>
/// <param name="Steps">Full-batch Adam steps on the support set.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="WeightDecay">L2 penalty on the weights (AdamW), which keeps a 1-shot head from growing without bound.</param>
/// <param name="Normalize">Scale every feature vector to length 1 first, so one learning rate suits any backbone.</param>
public sealed record FineTunedHeadOptions(int Steps = 100, double LearningRate = 0.1, double WeightDecay = 1e-3, bool Normalize = true);

/// <summary>
/// The baseline of "A Closer Look at Few-shot Classification" (Chen et al., 2019): a fresh linear classifier
/// trained on each episode's support set, on top of the frozen features. Zero-initialised, so the result
/// depends on the episode only.
/// </summary>
/// <param name="options">Steps, learning rate, weight decay; null for the defaults.</param>
public sealed class FineTunedHead(FineTunedHeadOptions? options = null) : IFewShotMethod
{
    /// <summary>The settings.</summary>
    public FineTunedHeadOptions Options { get; } = options ?? new FineTunedHeadOptions();

    /// <inheritdoc />
    public string Name => "linear";

    /// <inheritdoc />
    public int[] Predict(Tensor support, Tensor supportLabels, Tensor query, int ways)
    {
        using var scope = NewDisposeScope();
        var x = Options.Normalize ? nn.functional.normalize(support, dim: 1) : support;
        var weight = new Parameter(zeros(ways, support.shape[1], device: support.device));
        var bias = new Parameter(zeros(ways, device: support.device));
        using var optimizer = new Optim.AdamW([weight, bias], Options.LearningRate, weight_decay: Options.WeightDecay);
        for (int step = 0; step < Options.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(weight.t()) + bias, supportLabels);
            loss.backward();
            optimizer.step();
        }
        using var _ = no_grad();
        var q = Options.Normalize ? nn.functional.normalize(query, dim: 1) : query;
        return (q.matmul(weight.t()) + bias).argmax(1).to_type(ScalarType.Int32).cpu().data<int>().ToArray();
    }
}
