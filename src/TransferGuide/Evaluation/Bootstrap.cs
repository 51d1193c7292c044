using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>A point estimate with a percentile bootstrap confidence interval.</summary>
/// <param name="Value">The metric on the data as given.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Level">Coverage, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Value, double Lower, double Upper, double Level)
{
    /// <inheritdoc />
    public override string ToString() => $"{Value:F3} ({Level:P0} CI {Lower:F3}–{Upper:F3})";
}

/// <summary>Bootstrap intervals for the headline metrics.</summary>
/// <param name="Accuracy">Accuracy and its interval.</param>
/// <param name="MacroF1">Macro-F1 and its interval.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Seed">Seed of the resampling.</param>
public sealed record BootstrapResult(ConfidenceInterval Accuracy, ConfidenceInterval MacroF1, int Resamples, int Seed);

/// <summary>
/// Percentile bootstrap: resample the evaluated items with replacement, recompute the metric, and read the
/// interval off the spread. It answers "how much would this number move with another test set this size?".
/// Seeded, so the same result gives the same interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>Intervals for accuracy and macro-F1.</summary>
    public static BootstrapResult Metrics(ClassificationResult result, int resamples = 1000, double level = 0.95, int seed = 42)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples));
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), "Use a level between 0 and 1, e.g. 0.95.");
        int n = result.Count, k = result.Classes.Count;
        var full = ClassificationReport.From(result);
        if (n == 0) return new BootstrapResult(new(0, 0, 0, level), new(0, 0, 0, level), resamples, seed);
        var random = new Random(seed);
        var accuracies = new double[resamples];
        var f1s = new double[resamples];
        var counts = new int[k, k];
        for (int r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (int j = 0; j < n; j++)
            {
                int i = random.Next(n);
                counts[result.Labels[i], result.Predicted[i]]++;
            }
            var report = ClassificationReport.FromConfusion(counts, result.Classes);
            accuracies[r] = report.Accuracy;
            f1s[r] = report.MacroF1;
        }
        return new BootstrapResult(Interval(full.Accuracy, accuracies, level), Interval(full.MacroF1, f1s, level), resamples, seed);
    }

    static ConfidenceInterval Interval(double value, double[] samples, double level)
    {
        Array.Sort(samples);
        double tail = (1 - level) / 2;
        return new ConfidenceInterval(value, Quantile(samples, tail), Quantile(samples, 1 - tail), level);
    }

    /// <summary>Linear-interpolated quantile of sorted values (numpy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
