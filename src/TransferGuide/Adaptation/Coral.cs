using TransferGuide.Training;
using static TorchSharp.torch;

namespace TransferGuide.Adaptation;

/// <summary>
/// CORrelation ALignment (Sun, Feng and Saenko 2016), "frustratingly easy" domain adaptation: the source features are
/// whitened with their own covariance and re-coloured with the target's, <c>Xs · Cs^-1/2 · Ct^1/2</c>, so a head
/// trained on them sees second-order statistics like the target's. The target features are used as they are.
/// </summary>
public static class Coral
{
    /// <summary>
    /// Fits the alignment from source to target features (labels are not used). <paramref name="regularization"/> is
    /// added to both covariances' diagonals, as a multiple of the average feature variance, so that a
    /// rank-deficient covariance (fewer images than dimensions) can still be inverted; the paper adds the identity.
    /// </summary>
    /// <param name="source">Source features (labelled, but labels are not read).</param>
    /// <param name="target">Unlabelled target features.</param>
    /// <param name="regularization">Diagonal loading, relative to the mean variance of each domain (0 to 1 is usual).</param>
    /// <param name="alignMeans">Also move the source mean onto the target mean (the paper aligns covariances only).</param>
    public static CoralTransform Fit(FeatureSet source, FeatureSet target, double regularization = 0.1, bool alignMeans = false)
    {
        if (source.Dim != target.Dim) throw new ArgumentException($"Source features have {source.Dim} dimensions and target features {target.Dim}.", nameof(target));
        if (source.Count < 2 || target.Count < 2) throw new ArgumentException("CORAL needs at least two source and two target rows to estimate covariances.");
        using var scope = NewDisposeScope();
        var xs = Matrix(source);
        var xt = Matrix(target);
        var cs = Covariance(xs, regularization);
        var ct = Covariance(xt, regularization);
        var a = MatrixPower(cs, -0.5).matmul(MatrixPower(ct, 0.5));
        var muS = xs.mean([0]);
        var muT = xt.mean([0]);
        return new CoralTransform(ToArray(a), source.Dim, alignMeans ? ToArray(muS) : null, alignMeans ? ToArray(muT) : null);
    }

    /// <summary>The sample covariance of the rows (float64, Dim × Dim), with no regularization: what the tests compare.</summary>
    public static double[] Covariance(FeatureSet set)
    {
        using var scope = NewDisposeScope();
        return ToArray(Covariance(Matrix(set), 0));
    }

    internal static Tensor Matrix(FeatureSet set) => tensor(set.Features, [set.Count, set.Dim]).to_type(ScalarType.Float64);

    static Tensor Covariance(Tensor x, double regularization)
    {
        var centred = x - x.mean([0], keepdim: true);
        var c = centred.t().matmul(centred) / (x.shape[0] - 1);
        if (regularization <= 0) return c;
        var load = regularization * c.diagonal().mean().item<double>();
        return c + eye(c.shape[0], dtype: ScalarType.Float64) * Math.Max(load, 1e-12);
    }

    /// <summary>A symmetric positive-definite matrix to a real power, through its eigen-decomposition.</summary>
    static Tensor MatrixPower(Tensor c, double power)
    {
        var (values, vectors) = linalg.eigh(c);
        // Round-off can leave tiny negative eigenvalues; clamping keeps the power real.
        var scaled = values.clamp_min(1e-12).pow(power);
        return vectors.matmul(diag(scaled)).matmul(vectors.t());
    }

    static double[] ToArray(Tensor t) => t.contiguous().cpu().data<double>().ToArray();
}

/// <summary>A fitted CORAL alignment: <c>x → (x - sourceMean) · A + targetMean</c> (the means only when aligned).</summary>
/// <param name="Matrix">A = Cs^-1/2 · Ct^1/2, row-major Dim × Dim.</param>
/// <param name="Dim">Feature width.</param>
/// <param name="SourceMean">Subtracted before A when means are aligned, else null.</param>
/// <param name="TargetMean">Added after A when means are aligned, else null.</param>
public sealed record CoralTransform(double[] Matrix, int Dim, double[]? SourceMean, double[]? TargetMean)
{
    /// <summary>The aligned copy of <paramref name="set"/> (labels and paths kept): source features as the head should see them.</summary>
    public FeatureSet Apply(FeatureSet set)
    {
        if (set.Dim != Dim) throw new ArgumentException($"The transform is for {Dim}-dimensional features, not {set.Dim}.", nameof(set));
        if (set.Count == 0) return set;
        using var scope = NewDisposeScope();
        var x = Coral.Matrix(set);
        if (SourceMean != null) x = x - tensor(SourceMean);
        x = x.matmul(tensor(Matrix, [Dim, Dim]));
        if (TargetMean != null) x = x + tensor(TargetMean);
        var values = x.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return set with { Features = values };
    }
}
