namespace TransferGuide.Tests.Interpretability;

public class ProjectionTests
{
    [Fact]
    public void Pca_finds_the_direction_of_a_line_and_its_share_of_variance()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        // Points on y = 2x, with a small alternating offset across the line.
        var data = Enumerable.Range(0, 20).SelectMany(i => new[] { (float)(i + (i % 2 == 0 ? 0.1 : -0.1) * 2), (float)(2 * i - (i % 2 == 0 ? 0.1 : -0.1)) }).ToArray();
        var pca = Pca.Fit(data, 20, 2, 2);
        // The offsets alternate with i, so they tilt the axis very slightly.
        Assert.InRange(pca.Axes[0] - 1 / Math.Sqrt(5), -0.003, 0.003);
        Assert.InRange(pca.Axes[1] - 2 / Math.Sqrt(5), -0.003, 0.003);
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.999, $"first component explains {pca.ExplainedVarianceRatio[0]}");
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 9);
        Assert.Equal(0, Enumerable.Range(0, 20).Sum(i => pca.Points[2 * i]), 6); // centred
    }

    [Fact]
    public void Pca_matches_a_hand_computed_two_point_case()
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        // (0,0) and (3,4): the axis is (0.6, 0.8); the points project to ∓2.5.
        var pca = Pca.Fit([0, 0, 3, 4], 2, 2, 1);
        Assert.Equal([0.6, 0.8], pca.Axes.Select(v => Math.Round(v, 6)));
        Assert.Equal([-2.5, 2.5], pca.Points.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void Tsne_rows_are_calibrated_to_the_perplexity()
    {
        var (data, n, dims) = Blobs();
        var d = Tsne.SquaredDistances(data, n, dims);
        var conditional = new double[n * n];
        foreach (var i in new[] { 0, 17, 59 })
        {
            Tsne.Calibrate(d, n, i, 10, conditional);
            Assert.Equal(Math.Log(10), Tsne.RowEntropy(conditional, n, i), 4);
            Assert.Equal(1.0, conditional.AsSpan(i * n, n).ToArray().Sum(), 9);
        }
        var p = Tsne.JointProbabilities(data, n, dims, 10);
        Assert.Equal(1.0, p.Sum(), 6);
        Assert.Equal(p[3 * n + 5], p[5 * n + 3]); // symmetric
    }

    [Fact]
    public void Tsne_keeps_separate_clusters_apart_and_lowers_the_divergence()
    {
        var (data, n, dims) = Blobs();
        var early = Tsne.Embed(data, n, dims, new TsneOptions(Perplexity: 10, Iterations: 10, Seed: 1));
        var result = Tsne.Embed(data, n, dims, new TsneOptions(Perplexity: 10, Iterations: 500, Seed: 1));
        Assert.True(result.KlDivergence < early.KlDivergence, $"KL {result.KlDivergence} after 500 steps, {early.KlDivergence} after 10");
        // Each point's 5 nearest neighbours in the map come from its own blob.
        int pure = 0;
        for (int i = 0; i < n; i++)
        {
            var nearest = Enumerable.Range(0, n).Where(j => j != i)
                .OrderBy(j => Math.Pow(result.Points[2 * i] - result.Points[2 * j], 2) + Math.Pow(result.Points[2 * i + 1] - result.Points[2 * j + 1], 2))
                .Take(5);
            if (nearest.All(j => j / 20 == i / 20)) pure++;
        }
        Assert.Equal(n, pure);
        Assert.Equal(result.Points, Tsne.Embed(data, n, dims, new TsneOptions(Perplexity: 10, Iterations: 500, Seed: 1)).Points); // seeded
    }

    [Fact]
    public void Tsne_explains_a_perplexity_too_large_for_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => Tsne.Embed(new float[10 * 2], 10, 2));
        Assert.Contains("Perplexity 30 is not below the 10 points", e.Message);
    }

    /// <summary>Three well-separated Gaussian blobs of 20 points in 8 dimensions.</summary>
    static (float[] Data, int N, int Dims) Blobs()
    {
        var random = new Random(5);
        const int dims = 8;
        var data = new float[60 * dims];
        for (int i = 0; i < 60; i++)
            for (int k = 0; k < dims; k++)
                data[i * dims + k] = (float)((k == i / 20 ? 10 : 0) + random.NextDouble() - 0.5);
        return (data, 60, dims);
    }
}
