namespace TransferGuide.Monitoring;

/// <summary>How far a population index says a distribution moved, by the usual rule of thumb.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PsiLevel>))]
public enum PsiLevel
{
    /// <summary>PSI below 0.1: no real change.</summary>
    Stable,
    /// <summary>PSI 0.1 to 0.25: a moderate change, worth a look.</summary>
    Moderate,
    /// <summary>PSI 0.25 or more: a significant change.</summary>
    Significant,
}

/// <summary>
/// The population stability index: Σ (new − ref)·ln(new / ref) over bins of the reference's quantiles. It is a
/// distance, not a test, so it has no p-value; its usual thresholds are 0.1 and 0.25. Under no change it is about
/// (bins − 1)·(1/n_ref + 1/n_new), so small new samples read higher: 0.1 is already noise at 100 items and 10 bins.
/// </summary>
public static class PopulationStability
{
    /// <summary>Share given to an empty bin, so the logarithm stays finite.</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>Below this, <see cref="PsiLevel.Stable"/>.</summary>
    public const double ModerateThreshold = 0.1;

    /// <summary>At or above this, <see cref="PsiLevel.Significant"/>.</summary>
    public const double SignificantThreshold = 0.25;

    /// <summary>PSI of <paramref name="current"/> against <paramref name="reference"/> in <paramref name="bins"/> reference-quantile bins.</summary>
    public static double Index(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = 10)
    {
        if (reference.Count == 0 || current.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var edges = QuantileEdges(reference, bins);
        return FromShares(Shares(reference, edges), Shares(current, edges));
    }

    /// <summary>PSI from bin shares (each list sums to 1); empty bins count as <see cref="EmptyBinShare"/>.</summary>
    public static double FromShares(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count) throw new ArgumentException("Both share lists need the same bins.");
        double psi = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            double e = Math.Max(expected[i], EmptyBinShare), a = Math.Max(actual[i], EmptyBinShare);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>The rule-of-thumb reading of a PSI value.</summary>
    public static PsiLevel Level(double psi) =>
        psi >= SignificantThreshold ? PsiLevel.Significant : psi >= ModerateThreshold ? PsiLevel.Moderate : PsiLevel.Stable;

    /// <summary>The inner bin edges: the reference's 1/bins, 2/bins, … quantiles (bins − 1 values).</summary>
    static double[] QuantileEdges(IReadOnlyList<double> reference, int bins)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "PSI needs at least 2 bins.");
        var sorted = reference.ToArray();
        Array.Sort(sorted);
        return Enumerable.Range(1, bins - 1).Select(k => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor((double)k * sorted.Length / bins))]).ToArray();
    }

    static double[] Shares(IReadOnlyList<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            // Bin b holds edges[b-1] <= v < edges[b]: the first edge above v.
            int b = Array.BinarySearch(edges, v);
            b = b >= 0 ? b + 1 : ~b;
            while (b < edges.Length && edges[b] <= v) b++;
            counts[b]++;
        }
        return counts.Select(c => c / values.Count).ToArray();
    }
}
