using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>How a query is compared with the class prototypes.</summary>
public enum PrototypeDistance
{
    /// <summary>Squared Euclidean distance, as in Snell et al. (2017).</summary>
    Euclidean,

    /// <summary>One minus the cosine of the angle: ignores the features' length.</summary>
    Cosine,
}

/// <summary>
/// Prototypical networks on frozen features (Snell et al., 2017): each class is the mean of its support
/// features, its prototype, and a query takes the class of the nearest prototype. Nothing is trained per episode.
/// </summary>
/// <param name="distance">Euclidean or cosine; the benchmark picks it on meta-validation classes.</param>
public sealed class PrototypicalNetwork(PrototypeDistance distance = PrototypeDistance.Euclidean) : IFewShotMethod
{
    /// <summary>The distance used.</summary>
    public PrototypeDistance Distance { get; } = distance;

    /// <inheritdoc />
    public string Name => "proto";

    /// <summary>Class means of the support features, <c>ways × dim</c>.</summary>
    public static Tensor Prototypes(Tensor support, Tensor supportLabels, int ways)
    {
        var sums = zeros(ways, support.shape[1], dtype: support.dtype, device: support.device).index_add(0, supportLabels, support, 1);
        var counts = zeros(ways, dtype: support.dtype, device: support.device).index_add(0, supportLabels, ones_like(supportLabels, dtype: support.dtype), 1);
        return sums / counts.clamp_min(1).unsqueeze(1);
    }

    /// <inheritdoc />
    public int[] Predict(Tensor support, Tensor supportLabels, Tensor query, int ways)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var prototypes = Prototypes(support, supportLabels, ways);
        var distances = Distance == PrototypeDistance.Cosine
            ? 1 - nn.functional.normalize(query, dim: 1).matmul(nn.functional.normalize(prototypes, dim: 1).t())
            : cdist(query, prototypes).square();
        return distances.argmin(1).to_type(ScalarType.Int32).cpu().data<int>().ToArray();
    }
}
