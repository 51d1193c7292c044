namespace TransferGuide.Monitoring;

/// <summary>How the p-values of many tests (one per component) are corrected so the chance of any false alarm stays at alpha.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Correction>))]
public enum Correction
{
    /// <summary>Each p-value times the number of tests (capped at 1): simple, conservative.</summary>
    Bonferroni,
    /// <summary>Holm's step-down: the same guarantee as Bonferroni, never less powerful.</summary>
    Holm,
}

/// <summary>Family-wise error corrections of a list of p-values, returned as adjusted p-values in the input order.</summary>
public static class MultipleTesting
{
    /// <summary>Adjusted p-values: compare each with alpha as it is.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues, Correction correction) => correction switch
    {
        Correction.Bonferroni => Bonferroni(pValues),
        Correction.Holm => Holm(pValues),
        _ => throw new ArgumentOutOfRangeException(nameof(correction), correction, "Unknown correction."),
    };

    /// <summary>min(1, k·p) for each of the k p-values.</summary>
    public static double[] Bonferroni(IReadOnlyList<double> pValues) => pValues.Select(p => Math.Min(1, p * pValues.Count)).ToArray();

    /// <summary>
    /// Holm's step-down: sorted ascending, the i-th smallest (from 0) becomes max over j ≤ i of min(1, (k − j)·p_(j)),
    /// so adjusted values keep the order of the raw ones.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        int k = pValues.Count;
        var order = Enumerable.Range(0, k).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[k];
        double running = 0;
        for (int rank = 0; rank < k; rank++)
        {
            running = Math.Max(running, Math.Min(1, (k - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
