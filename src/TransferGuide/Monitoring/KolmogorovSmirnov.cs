namespace TransferGuide.Monitoring;

/// <summary>The two-sample Kolmogorov–Smirnov test of one number per item (e.g. one principal component).</summary>
/// <param name="Statistic">D: the largest gap between the two empirical distribution functions, 0..1.</param>
/// <param name="PValue">Chance of a gap at least this large when both samples come from one distribution.</param>
public sealed record KsResult(double Statistic, double PValue);

/// <summary>
/// The two-sample Kolmogorov–Smirnov test. The p-value is the asymptotic Kolmogorov distribution with Stephens'
/// small-sample correction (Numerical Recipes, <c>kstwo</c>/<c>probks</c>): good to a few per cent of the p-value from
/// about 20 items per sample, and conservative below that.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>The test of <paramref name="a"/> against <paramref name="b"/> (neither needs to be sorted; both non-empty).</summary>
    public static KsResult TwoSample(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        double d = Statistic(a, b);
        double n = (double)a.Count * b.Count / (a.Count + b.Count);
        double root = Math.Sqrt(n);
        return new KsResult(d, SurvivalFunction((root + 0.12 + 0.11 / root) * d));
    }

    /// <summary>D = max |F_a(x) − F_b(x)| over all x, ties handled by stepping past every equal value at once.</summary>
    public static double Statistic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.ToArray(); var y = b.ToArray();
        Array.Sort(x); Array.Sort(y);
        int i = 0, j = 0; double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v) i++;
            while (j < y.Length && y[j] == v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return d;
    }

    /// <summary>
    /// Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}: the chance that √n·D exceeds λ for large samples
    /// (Q(1.358) ≈ 0.05, Q(1.628) ≈ 0.01).
    /// </summary>
    public static double SurvivalFunction(double lambda)
    {
        // Below about 0.3 the series converges too slowly to sum, and Q is 1 to nine digits there anyway.
        if (lambda < 0.3) return 1.0;
        double sum = 0, sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = sign * Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum)) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }
}
