namespace TransferGuide.Evaluation.Interpretability;

/// <summary>Settings of <see cref="Tsne"/>; the defaults are van der Maaten's.</summary>
/// <param name="Perplexity">Effective number of neighbours each point attends to (5–50; must be below the number of points).</param>
/// <param name="Iterations">Gradient steps.</param>
/// <param name="LearningRate">Step size; null picks max(N / 12, 50) as scikit-learn's "auto" does.</param>
/// <param name="Exaggeration">Early exaggeration of the input similarities for the first <paramref name="ExaggerationIterations"/> steps.</param>
/// <param name="ExaggerationIterations">Steps with exaggeration (and momentum 0.5 rather than 0.8).</param>
/// <param name="Seed">Seeds the small random start.</param>
public sealed record TsneOptions(double Perplexity = 30, int Iterations = 1000, double? LearningRate = null, double Exaggeration = 12,
    int ExaggerationIterations = 250, int Seed = 42);

/// <summary>A 2-D t-SNE embedding.</summary>
/// <param name="Points">Row-major <c>items × 2</c>.</param>
/// <param name="KlDivergence">Final KL(P‖Q): how much neighbourhood structure was lost (lower is better).</param>
/// <param name="Perplexity">Perplexity used.</param>
public sealed record TsneResult(double[] Points, double KlDivergence, double Perplexity);

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton, 2008) for up to a few thousand points: O(N²) per step, which is
/// about a second for the few hundred items of a small validation set. No library served here provides one.
/// </summary>
public static class Tsne
{
    /// <summary>Embeds <paramref name="rows"/> points of <paramref name="dims"/> values in two dimensions.</summary>
    public static TsneResult Embed(float[] data, int rows, int dims, TsneOptions? options = null)
    {
        options ??= new TsneOptions();
        if (data.Length != rows * dims) throw new ArgumentException($"{data.Length} values are not {rows} rows of {dims}.");
        if (rows < 4) throw new ArgumentException($"t-SNE needs at least 4 points; got {rows}.");
        if (options.Perplexity >= rows)
            throw new ArgumentException($"Perplexity {options.Perplexity} is not below the {rows} points; use a perplexity under {rows} (about N/3 works), e.g. {Math.Max(2, (rows - 1) / 3)}.");
        int n = rows;
        var p = JointProbabilities(data, n, dims, options.Perplexity);
        var y = new double[n * 2];
        var random = new Random(options.Seed);
        for (int i = 0; i < y.Length; i++) y[i] = 1e-4 * Gaussian(random);
        var gains = Enumerable.Repeat(1.0, n * 2).ToArray();
        var update = new double[n * 2];
        var grad = new double[n * 2];
        var num = new double[n * n];
        double lr = options.LearningRate ?? Math.Max(n / 12.0, 50);
        for (int it = 0; it < options.Iterations; it++)
        {
            double exaggeration = it < options.ExaggerationIterations ? options.Exaggeration : 1;
            double momentum = it < options.ExaggerationIterations ? 0.5 : 0.8;
            double sumNum = StudentT(y, n, num);
            Array.Clear(grad);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    if (i == j) continue;
                    double q = num[i * n + j] / sumNum;
                    double mult = 4 * (exaggeration * p[i * n + j] - q) * num[i * n + j];
                    grad[2 * i] += mult * (y[2 * i] - y[2 * j]);
                    grad[2 * i + 1] += mult * (y[2 * i + 1] - y[2 * j + 1]);
                }
            for (int k = 0; k < y.Length; k++)
            {
                // Delta-bar-delta gains: speed up while the gradient keeps its sign, slow down when it flips.
                gains[k] = Math.Sign(grad[k]) != Math.Sign(update[k]) ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - lr * gains[k] * grad[k];
                y[k] += update[k];
            }
            Centre(y, n);
        }
        return new TsneResult(y, KlDivergence(p, y, n), options.Perplexity);
    }

    /// <summary>Symmetrised input similarities <c>p_ij = (p_j|i + p_i|j) / 2N</c>, each row calibrated to the perplexity.</summary>
    internal static double[] JointProbabilities(float[] data, int n, int dims, double perplexity)
    {
        var d = SquaredDistances(data, n, dims);
        var conditional = new double[n * n];
        for (int i = 0; i < n; i++) Calibrate(d, n, i, perplexity, conditional);
        var p = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                p[i * n + j] = Math.Max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
        return p;
    }

    /// <summary>Binary search on the Gaussian precision of row <paramref name="i"/> so its entropy is log(perplexity).</summary>
    internal static void Calibrate(double[] d, int n, int i, double perplexity, double[] conditional)
    {
        double target = Math.Log(perplexity), beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        var row = conditional.AsSpan(i * n, n);
        for (int step = 0; step < 100; step++)
        {
            double sum = 0, weighted = 0;
            for (int j = 0; j < n; j++)
            {
                row[j] = j == i ? 0 : Math.Exp(-d[i * n + j] * beta);
                sum += row[j];
                weighted += d[i * n + j] * row[j];
            }
            if (sum == 0) sum = 1e-300;
            double entropy = Math.Log(sum) + beta * weighted / sum;
            for (int j = 0; j < n; j++) row[j] /= sum;
            double diff = entropy - target;
            if (Math.Abs(diff) < 1e-6) break;
            if (diff > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2; }
            else { hi = beta; beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2; }
        }
    }

    /// <summary>Entropy (natural log) of row <paramref name="i"/> of a row-stochastic matrix, for tests.</summary>
    internal static double RowEntropy(double[] conditional, int n, int i)
    {
        double h = 0;
        for (int j = 0; j < n; j++) { var v = conditional[i * n + j]; if (v > 0) h -= v * Math.Log(v); }
        return h;
    }

    internal static double[] SquaredDistances(float[] data, int n, int dims)
    {
        var d = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < dims; k++) { double t = data[i * dims + k] - data[j * dims + k]; s += t * t; }
                d[i * n + j] = d[j * n + i] = s;
            }
        return d;
    }

    static double StudentT(double[] y, int n, double[] num)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                double v = 1 / (1 + dx * dx + dy * dy);
                num[i * n + j] = num[j * n + i] = v;
                sum += 2 * v;
            }
        return sum;
    }

    /// <summary>KL(P‖Q) of an embedding.</summary>
    internal static double KlDivergence(double[] p, double[] y, int n)
    {
        var num = new double[n * n];
        double sum = StudentT(y, n, num), kl = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double q = Math.Max(num[i * n + j] / sum, 1e-12);
                kl += p[i * n + j] * Math.Log(p[i * n + j] / q);
            }
        return kl;
    }

    static void Centre(double[] y, int n)
    {
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += y[2 * i]; my += y[2 * i + 1]; }
        mx /= n; my /= n;
        for (int i = 0; i < n; i++) { y[2 * i] -= mx; y[2 * i + 1] -= my; }
    }

    static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
