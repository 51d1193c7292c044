using TransferGuide.Evaluation;
using TransferGuide.Training;

namespace TransferGuide.Evaluation.Ensembles;

/// <summary>
/// Combines members' predicted probabilities on the same items: a plain mean, or a weighted mean whose
/// weights are normalised to sum to 1. Choose weights on a validation split, never on the test split.
/// </summary>
public static class ProbabilityEnsemble
{
    /// <summary>The (weighted) mean of row-major [items × classes] probability arrays.</summary>
    /// <param name="members">One array per member, all the same length.</param>
    /// <param name="weights">One non-negative weight per member; null for equal weights.</param>
    public static float[] Average(IReadOnlyList<float[]> members, IReadOnlyList<double>? weights = null)
    {
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        int length = members[0].Length;
        if (members.Any(m => m.Length != length)) throw new ArgumentException("Members predicted different numbers of items or classes.", nameof(members));
        var w = Normalise(weights ?? Enumerable.Repeat(1.0, members.Count).ToArray(), members.Count);
        var result = new double[length];
        for (int m = 0; m < members.Count; m++)
            for (int i = 0; i < length; i++) result[i] += w[m] * members[m][i];
        return result.Select(v => (float)v).ToArray();
    }

    /// <summary>Combines members' results on the same items (same order, same labels).</summary>
    public static ClassificationResult Combine(IReadOnlyList<ClassificationResult> members, IReadOnlyList<double>? weights = null)
    {
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        var first = members[0];
        foreach (var m in members.Skip(1))
            if (!m.Paths.SequenceEqual(first.Paths) || !m.Labels.SequenceEqual(first.Labels) || !m.Classes.SequenceEqual(first.Classes))
                throw new ArgumentException("Members were evaluated on different items or classes; evaluate all on the same split.", nameof(members));
        return new ClassificationResult(first.Classes, first.Labels, Average(members.Select(m => m.Probabilities).ToList(), weights), first.Paths);
    }

    /// <summary>Weights from held-out negative log-likelihood: members that are right with confidence count more (softmax of −NLL).</summary>
    public static double[] WeightsFromLogLoss(IReadOnlyList<ClassificationResult> validation)
    {
        var nll = validation.Select(LogLoss).ToArray();
        double min = nll.Min();
        // On the per-item scale: a member 1 nat worse per item gets e⁻¹ of the best one's weight.
        var raw = nll.Select(l => Math.Exp(-(l - min))).ToArray();
        return Normalise(raw, raw.Length);
    }

    /// <summary>Mean negative log-likelihood of the true class.</summary>
    public static double LogLoss(ClassificationResult r)
    {
        int k = r.Classes.Count;
        double sum = 0;
        for (int i = 0; i < r.Count; i++) sum -= Math.Log(Math.Max(r.Probabilities[i * k + r.Labels[i]], 1e-12));
        return r.Count == 0 ? 0 : sum / r.Count;
    }

    static double[] Normalise(IReadOnlyList<double> weights, int count)
    {
        if (weights.Count != count) throw new ArgumentException($"{weights.Count} weights for {count} members.", nameof(weights));
        if (weights.Any(w => w < 0 || !double.IsFinite(w))) throw new ArgumentException("Weights must be finite and non-negative.", nameof(weights));
        double total = weights.Sum();
        if (total <= 0) throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        return weights.Select(w => w / total).ToArray();
    }
}
