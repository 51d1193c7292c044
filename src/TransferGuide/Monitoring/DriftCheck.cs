using TransferGuide.Training;

namespace TransferGuide.Monitoring;

/// <summary>
/// Has the data moved? Compares embeddings of new items (e.g. ResNet18 ImageNet pooled features, <see cref="Embeddings"/>)
/// with those of the data a model was trained on, three ways: the MMD permutation test on the whole vectors (the
/// verdict), a KS test along each top principal component of the reference (corrected for testing many), and the
/// population stability index along the same components.
/// </summary>
public static class DriftCheck
{
    /// <summary>Compares the rows of two feature sets.</summary>
    public static DriftReport Compare(FeatureSet reference, FeatureSet current, DriftOptions? options = null) =>
        Compare(Rows(reference), Rows(current), options);

    /// <summary>Compares <paramref name="current"/> with <paramref name="reference"/> (one vector per item).</summary>
    public static DriftReport Compare(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> current, DriftOptions? options = null)
    {
        options = (options ?? new DriftOptions()).Checked();
        if (reference.Count < 3 || current.Count < 2) throw new ArgumentException($"Drift tests need at least 3 reference and 2 new items; got {reference.Count} and {current.Count}. Use more images.");
        var random = new Random(options.Seed);
        var mmd = MaximumMeanDiscrepancy.Test(Subsample(reference, options.MaxMmdItems, random), Subsample(current, options.MaxMmdItems, random),
            options.Permutations, options.Seed);
        return WithComponents(mmd, PrincipalComponents.Fit(reference, options.Components), reference, current, options);
    }

    /// <summary>
    /// The report for an MMD result computed elsewhere (e.g. from a shared distance matrix), with the KS and PSI
    /// readings along <paramref name="pca"/>'s components.
    /// </summary>
    public static DriftReport WithComponents(MmdResult mmd, PrincipalComponents pca, IReadOnlyList<float[]> reference, IReadOnlyList<float[]> current,
        DriftOptions options) => WithComponents(mmd, pca.Project(reference), pca.Project(current), options);

    /// <summary>The report from projections already made (result[component][item]), so a caller can project a reference once.</summary>
    public static DriftReport WithComponents(MmdResult mmd, double[][] referenceProjection, double[][] currentProjection, DriftOptions options)
    {
        int k = referenceProjection.Length;
        var ks = Enumerable.Range(0, k).Select(c => KolmogorovSmirnov.TwoSample(referenceProjection[c], currentProjection[c])).ToArray();
        var adjusted = MultipleTesting.Adjust(ks.Select(r => r.PValue).ToArray(), options.Correction);
        var psi = Enumerable.Range(0, k).Select(c => PopulationStability.Index(referenceProjection[c], currentProjection[c], options.PsiBins)).ToArray();
        var components = Enumerable.Range(0, k).Select(c => new ComponentDrift(c, ks[c].Statistic, ks[c].PValue, adjusted[c], psi[c])).ToList();
        double minAdjusted = adjusted.Min(), maxPsi = psi.Max();
        return new DriftReport(mmd.PValue < options.Alpha, mmd, minAdjusted < options.Alpha, minAdjusted, maxPsi, PopulationStability.Level(maxPsi),
            components, referenceProjection[0].Length, currentProjection[0].Length, options);
    }

    /// <summary>The rows of a feature set as separate vectors.</summary>
    public static IReadOnlyList<float[]> Rows(FeatureSet set) => Enumerable.Range(0, set.Count).Select(i => set.Row(i).ToArray()).ToList();

    /// <summary>At most <paramref name="max"/> rows, drawn without replacement; all of them, in order, when there are no more.</summary>
    public static IReadOnlyList<T> Subsample<T>(IReadOnlyList<T> rows, int max, Random random)
    {
        if (rows.Count <= max) return rows;
        var order = Enumerable.Range(0, rows.Count).ToArray();
        random.Shuffle(order);
        return order.Take(max).Order().Select(i => rows[i]).ToList();
    }
}
