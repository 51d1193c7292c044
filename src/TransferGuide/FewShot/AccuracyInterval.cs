namespace TransferGuide.FewShot;

/// <summary>
/// Mean accuracy over episodes with its 95% confidence interval, as few-shot papers report it:
/// mean ± 1.96 · sd / √episodes, where sd is the sample standard deviation of the per-episode accuracies.
/// </summary>
/// <param name="Mean">Mean accuracy over episodes, 0..1.</param>
/// <param name="HalfWidth">Half the 95% interval: 1.96 · sd / √episodes.</param>
/// <param name="StandardDeviation">Sample standard deviation of the per-episode accuracies.</param>
/// <param name="Episodes">How many episodes.</param>
public sealed record AccuracyInterval(double Mean, double HalfWidth, double StandardDeviation, int Episodes)
{
    /// <summary>The normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>Lower end of the interval.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper end of the interval.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>The interval of per-episode values (accuracies, or paired differences of accuracies).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static AccuracyInterval FromEpisodes(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No episodes to average.", nameof(values));
        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new AccuracyInterval(mean, Z95 * sd / Math.Sqrt(values.Count), sd, values.Count);
    }

    /// <summary>Whether the interval lies wholly above zero (for a difference: a real gain at 95%).</summary>
    public bool AboveZero => Lower > 0;

    /// <summary>Whether the interval lies wholly below zero (for a difference: a real loss at 95%).</summary>
    public bool BelowZero => Upper < 0;

    /// <summary>As papers print it, in percent: "72.31 ± 0.85%".</summary>
    public override string ToString() => $"{Mean * 100:F2} ± {HalfWidth * 100:F2}%";
}
