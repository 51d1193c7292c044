using static TorchSharp.torch;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>A principal-component projection.</summary>
/// <param name="Points">Row-major <c>items × Components</c> coordinates.</param>
/// <param name="Components">Number of components kept.</param>
/// <param name="ExplainedVarianceRatio">Share of the total variance along each kept component.</param>
/// <param name="Axes">Row-major <c>Components × dims</c> unit directions (sign fixed so each axis's largest entry is positive).</param>
public sealed record PcaResult(double[] Points, int Components, double[] ExplainedVarianceRatio, double[] Axes);

/// <summary>Principal component analysis by the SVD of the centred data (torch.linalg.svd).</summary>
public static class Pca
{
    /// <summary>Projects <paramref name="rows"/> × <paramref name="dims"/> values onto their top <paramref name="components"/> directions.</summary>
    public static PcaResult Fit(float[] data, int rows, int dims, int components = 2)
    {
        if (data.Length != rows * dims) throw new ArgumentException($"{data.Length} values are not {rows} rows of {dims}.");
        if (rows < 2) throw new ArgumentException("PCA needs at least two points.");
        components = Math.Min(components, Math.Min(rows, dims));
        using var scope = NewDisposeScope();
        var x = tensor(data, [rows, dims]).to_type(ScalarType.Float64);
        x = x - x.mean([0], keepdim: true);
        var (_, s, vh) = linalg.svd(x, fullMatrices: false);
        var axes = vh[..components];
        // SVD signs are arbitrary: fix them so the same data always gives the same picture.
        var flip = axes.gather(1, axes.abs().argmax(1, keepdim: true)).sign();
        axes = axes * flip;
        var points = x.matmul(axes.t());
        var variance = s.pow(2);
        var ratio = (variance / variance.sum())[..components];
        return new PcaResult(points.contiguous().data<double>().ToArray(), components, ratio.contiguous().data<double>().ToArray(),
            axes.contiguous().data<double>().ToArray());
    }
}
