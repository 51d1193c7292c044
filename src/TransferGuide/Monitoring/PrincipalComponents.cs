using static TorchSharp.torch;

namespace TransferGuide.Monitoring;

/// <summary>
/// Principal components fitted on a reference sample: its mean and the top eigenvectors of its covariance, so new
/// items are read along the directions in which the reference varies most (per-component drift tests use them).
/// </summary>
public sealed class PrincipalComponents
{
    readonly double[] _mean;
    readonly double[][] _axes;

    PrincipalComponents(double[] mean, double[][] axes, double[] variances)
    {
        _mean = mean; _axes = axes; Variances = variances;
    }

    /// <summary>Number of components kept.</summary>
    public int Count => _axes.Length;

    /// <summary>Variance of the reference along each component, largest first.</summary>
    public IReadOnlyList<double> Variances { get; }

    /// <summary>Fits the top <paramref name="components"/> (at most the width and count − 1) of <paramref name="rows"/>.</summary>
    public static PrincipalComponents Fit(IReadOnlyList<float[]> rows, int components)
    {
        if (rows.Count < 2) throw new ArgumentException("PCA needs at least two rows.", nameof(rows));
        if (components < 1) throw new ArgumentOutOfRangeException(nameof(components), components, "Keep at least one component.");
        int n = rows.Count, dim = rows[0].Length;
        int keep = Math.Min(components, Math.Min(dim, n - 1));
        using var scope = NewDisposeScope();
        var x = tensor(rows.SelectMany(r => r).Select(v => (double)v).ToArray(), [n, dim], ScalarType.Float64);
        var mean = x.mean([0]);
        var centered = x - mean;
        var covariance = centered.t().matmul(centered) / (n - 1);
        // eigh returns ascending eigenvalues: the last columns are the largest components.
        var (values, vectors) = linalg.eigh(covariance);
        var top = vectors.narrow(1, dim - keep, keep).flip(1).t().contiguous();
        var topValues = values.narrow(0, dim - keep, keep).flip(0).contiguous();
        var flat = top.data<double>().ToArray();
        var axes = Enumerable.Range(0, keep).Select(k => flat.AsSpan(k * dim, dim).ToArray()).ToArray();
        return new PrincipalComponents(mean.data<double>().ToArray(), axes, topValues.data<double>().ToArray());
    }

    /// <summary>The coordinates of each row along every component: result[component][row].</summary>
    public double[][] Project(IReadOnlyList<float[]> rows)
    {
        var result = new double[Count][];
        for (int k = 0; k < Count; k++)
        {
            var axis = _axes[k];
            result[k] = rows.Select(r =>
            {
                double s = 0;
                for (int c = 0; c < axis.Length; c++) s += (r[c] - _mean[c]) * axis[c];
                return s;
            }).ToArray();
        }
        return result;
    }
}
