namespace TransferGuide.Augment;

/// <summary>
/// MixUp and CutMix on a decoded batch (channels-first floats, already normalised), seeded by the
/// <see cref="Random"/> given. Mixing happens after normalisation, as in the papers, so a blend of two
/// normalised images is the normalised blend.
/// </summary>
public static class BatchMix
{
    /// <summary>Applies <paramref name="mixing"/>, or returns the batch unmixed (λ = 1, hard targets) when the draw says no.</summary>
    public static MixedBatch Apply(BatchMixing mixing, float[] pixels, int[] labels, int classes, int size, Random random) =>
        random.NextDouble() >= mixing.Probability
            ? new MixedBatch(pixels, OneHot(labels, classes), classes, 1.0, Enumerable.Range(0, labels.Length).ToArray())
            : mixing.Kind == MixKind.MixUp ? MixUp(pixels, labels, classes, size, mixing.Alpha, random)
            : CutMix(pixels, labels, classes, size, mixing.Alpha, random);

    /// <summary>MixUp: <c>x = λ·x_i + (1-λ)·x_j</c>, <c>y = λ·y_i + (1-λ)·y_j</c>, one λ ~ Beta(α, α) per batch.</summary>
    public static MixedBatch MixUp(float[] pixels, int[] labels, int classes, int size, double alpha, Random random)
    {
        int n = labels.Length, plane = 3 * size * size;
        Check(pixels, n, plane);
        double lambda = Beta(random, alpha);
        var partner = Partners(n, random);
        var mixed = new float[pixels.Length];
        float l = (float)lambda, m = 1 - l;
        for (int i = 0; i < n; i++)
        {
            var a = pixels.AsSpan(i * plane, plane); var b = pixels.AsSpan(partner[i] * plane, plane);
            var o = mixed.AsSpan(i * plane, plane);
            for (int k = 0; k < plane; k++) o[k] = l * a[k] + m * b[k];
        }
        return new MixedBatch(mixed, Targets(labels, partner, classes, lambda), classes, lambda, partner);
    }

    /// <summary>CutMix: a box covering about 1-λ of the image comes from the partner; λ is corrected to the clipped box.</summary>
    public static MixedBatch CutMix(float[] pixels, int[] labels, int classes, int size, double alpha, Random random)
    {
        int n = labels.Length, plane = 3 * size * size, area = size * size;
        Check(pixels, n, plane);
        double lambda = Beta(random, alpha);
        var partner = Partners(n, random);
        int cut = (int)(size * Math.Sqrt(1 - lambda));
        int cx = random.Next(size), cy = random.Next(size);
        int x0 = Math.Clamp(cx - cut / 2, 0, size), x1 = Math.Clamp(cx + cut / 2, 0, size);
        int y0 = Math.Clamp(cy - cut / 2, 0, size), y1 = Math.Clamp(cy + cut / 2, 0, size);
        double kept = 1 - (double)(x1 - x0) * (y1 - y0) / area;
        var mixed = (float[])pixels.Clone();
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                for (int y = y0; y < y1; y++)
                {
                    int row = c * area + y * size;
                    Array.Copy(pixels, partner[i] * plane + row + x0, mixed, i * plane + row + x0, x1 - x0);
                }
        return new MixedBatch(mixed, Targets(labels, partner, classes, kept), classes, kept, partner);
    }

    /// <summary>Hard labels as one-hot rows.</summary>
    public static float[] OneHot(int[] labels, int classes)
    {
        var t = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++) t[i * classes + labels[i]] = 1;
        return t;
    }

    /// <summary>A draw from Beta(α, α), from two Gamma draws (Marsaglia and Tsang).</summary>
    public static double Beta(Random random, double alpha)
    {
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "The mixing alpha must be above 0 (0.2 for MixUp, 1.0 for CutMix).");
        double a = Gamma(random, alpha), b = Gamma(random, alpha);
        return a + b == 0 ? 0.5 : a / (a + b);
    }

    static double Gamma(Random random, double shape)
    {
        if (shape < 1) return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                // Box-Muller normal draw.
                x = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    static int[] Partners(int n, Random random)
    {
        var p = Enumerable.Range(0, n).ToArray();
        random.Shuffle(p);
        return p;
    }

    static float[] Targets(int[] labels, int[] partner, int classes, double lambda)
    {
        var t = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            t[i * classes + labels[i]] += (float)lambda;
            t[i * classes + labels[partner[i]]] += (float)(1 - lambda);
        }
        return t;
    }

    static void Check(float[] pixels, int n, int plane)
    {
        if (pixels.Length != n * plane)
            throw new ArgumentException($"The batch holds {pixels.Length} floats; {n} images of {plane} need {n * plane}.", nameof(pixels));
    }
}
