namespace TransferGuide.Monitoring;

/// <summary>The MMD permutation test of two samples of vectors.</summary>
/// <param name="Statistic">Unbiased MMD² with the RBF kernel (about 0, and may dip below, when nothing changed).</param>
/// <param name="PValue">(1 + permutations at least as large) / (1 + permutations): never 0.</param>
/// <param name="Bandwidth">σ of the kernel exp(−‖x − y‖² / 2σ²): the median distance between pooled items.</param>
/// <param name="Permutations">Relabellings drawn.</param>
public sealed record MmdResult(double Statistic, double PValue, double Bandwidth, int Permutations);

/// <summary>
/// Maximum mean discrepancy (Gretton et al. 2012): the distance between the mean kernel embeddings of two samples,
/// with an RBF kernel whose width is the median pairwise distance (the median heuristic), and a permutation test:
/// the pooled items are shuffled between the two groups many times, seeded, and the p-value is the share of shuffles
/// whose MMD² is at least the observed one. It sees a change in any direction of the vectors at once.
/// </summary>
public static class MaximumMeanDiscrepancy
{
    /// <summary>The test of the rows of <paramref name="x"/> against those of <paramref name="y"/> (each row one vector).</summary>
    public static MmdResult Test(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y, int permutations = 200, int seed = 42)
    {
        if (x.Count < 2 || y.Count < 2) throw new ArgumentException("MMD needs at least two items in each sample.");
        return Test(SquaredDistances(x.Concat(y).ToList()), x.Count, permutations, seed);
    }

    /// <summary>
    /// The test from the pooled squared distances: the first <paramref name="m"/> items are the first sample, the rest
    /// the second. Lets a caller that tests many subsamples of one pool compute the distances once.
    /// </summary>
    public static MmdResult Test(double[,] squaredDistances, int m, int permutations = 200, int seed = 42)
    {
        int total = squaredDistances.GetLength(0);
        if (m < 2 || total - m < 2) throw new ArgumentException("MMD needs at least two items in each sample.");
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "At least one permutation.");
        double sigma = Math.Sqrt(MedianOffDiagonal(squaredDistances));
        // All items identical: no width to measure and nothing to tell apart.
        if (sigma == 0) return new MmdResult(0, 1, 0, permutations);
        var k = new double[total, total];
        double gamma = 1 / (2 * sigma * sigma);
        for (int i = 0; i < total; i++)
            for (int j = 0; j < total; j++) k[i, j] = Math.Exp(-gamma * squaredDistances[i, j]);

        var groups = new bool[total];
        for (int i = 0; i < m; i++) groups[i] = true;
        double observed = Statistic(k, groups, m);
        var random = new Random(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++)
        {
            random.Shuffle(groups);
            if (Statistic(k, groups, m) >= observed) atLeast++;
        }
        return new MmdResult(observed, (1.0 + atLeast) / (1.0 + permutations), sigma, permutations);
    }

    /// <summary>‖a − b‖² for every pair of rows, in double.</summary>
    public static double[,] SquaredDistances(IReadOnlyList<float[]> rows)
    {
        int n = rows.Count;
        var d = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var a = rows[i]; var b = rows[j];
                double s = 0;
                for (int c = 0; c < a.Length; c++) { double t = a[c] - b[c]; s += t * t; }
                d[i, j] = d[j, i] = s;
            }
        return d;
    }

    /// <summary>Unbiased MMD²: mean k within the first group + within the second − 2 × mean k across (diagonals left out).</summary>
    static double Statistic(double[,] k, bool[] inFirst, int m)
    {
        int total = inFirst.Length, n = total - m;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < total; i++)
        {
            bool a = inFirst[i];
            for (int j = i + 1; j < total; j++)
            {
                double v = k[i, j];
                if (a == inFirst[j]) { if (a) xx += v; else yy += v; }
                else xy += v;
            }
        }
        // Each unordered pair was counted once: within-group sums are half of Σ_{i≠j}, the cross sum is all of Σ_ij.
        return 2 * xx / (m * (m - 1.0)) + 2 * yy / (n * (n - 1.0)) - 2 * xy / ((double)m * n);
    }

    static double MedianOffDiagonal(double[,] d)
    {
        int n = d.GetLength(0);
        var values = new double[n * (n - 1) / 2];
        int t = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) values[t++] = d[i, j];
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }
}
