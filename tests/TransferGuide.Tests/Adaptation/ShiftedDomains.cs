namespace TransferGuide.Tests.Adaptation;

/// <summary>Generated features for adaptation tests: Gaussian clouds, and a labelled source with a rotated, moved target.</summary>
internal static class ShiftedDomains
{
    /// <summary><paramref name="count"/> rows of N(mean, L·Lᵀ), drawn with <paramref name="seed"/>.</summary>
    public static FeatureSet Gaussian(int count, double[] mean, double[,] mix, int seed, int label = 0)
    {
        var random = new Random(seed);
        int dim = mean.Length;
        var features = new float[count * dim];
        for (int i = 0; i < count; i++)
        {
            var z = Enumerable.Range(0, dim).Select(_ => Normal(random)).ToArray();
            for (int d = 0; d < dim; d++)
            {
                double v = mean[d];
                for (int k = 0; k < dim; k++) v += mix[d, k] * z[k];
                features[i * dim + d] = (float)v;
            }
        }
        return new FeatureSet(features, dim, Enumerable.Repeat(label, count).ToArray(), Enumerable.Range(0, count).Select(i => $"row{i}").ToArray());
    }

    /// <summary>
    /// Two classes in 2-D, at (−2, 0) and (2, 0) in the source; the target is the same problem rotated by
    /// <paramref name="degrees"/> and moved by (0, 3), so the domains are perfectly separable while the classes keep their shape.
    /// </summary>
    public static FeatureSet TwoClasses(int perClass, int seed, double degrees = 0)
    {
        var random = new Random(seed);
        double angle = degrees * Math.PI / 180, shift = degrees == 0 ? 0 : 3;
        var features = new List<float>();
        var labels = new List<int>();
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < perClass; i++)
            {
                double x = (c == 0 ? -2 : 2) + 0.6 * Normal(random), y = 0.6 * Normal(random);
                features.Add((float)(Math.Cos(angle) * x - Math.Sin(angle) * y));
                features.Add((float)(Math.Sin(angle) * x + Math.Cos(angle) * y + shift));
                labels.Add(c);
            }
        return new FeatureSet(features.ToArray(), 2, labels.ToArray(), labels.Select((_, i) => $"{seed}-{i}").ToArray());
    }

    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
