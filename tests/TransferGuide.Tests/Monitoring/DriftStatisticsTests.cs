using TransferGuide.Monitoring;

namespace TransferGuide.Tests.Monitoring;

public class DriftStatisticsTests
{
    static List<float[]> Gaussian(int n, int dim, double shift, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dim).Select(d => (float)(Normal() + (d == 0 ? shift : 0))).ToArray()).ToList();
    }

    [Fact]
    public void Mmd_of_one_distribution_is_near_zero_with_a_large_p_value()
    {
        var result = MaximumMeanDiscrepancy.Test(Gaussian(80, 5, 0, 1), Gaussian(80, 5, 0, 2), permutations: 200, seed: 3);
        Assert.InRange(result.Statistic, -0.02, 0.02);
        Assert.True(result.PValue > 0.1, $"p = {result.PValue}");
    }

    [Fact]
    public void Mmd_of_identical_samples_is_below_zero_and_never_flags()
    {
        var x = Gaussian(40, 3, 0, 4);
        var result = MaximumMeanDiscrepancy.Test(x, x.Select(r => r.ToArray()).ToList(), permutations: 100);
        // Unbiased MMD² leaves out the diagonal, so two copies of one sample score slightly below zero.
        Assert.True(result.Statistic <= 0.0, $"MMD² = {result.Statistic}");
        Assert.True(result.PValue > 0.5, $"p = {result.PValue}");
    }

    [Fact]
    public void Mmd_sees_a_shifted_gaussian()
    {
        var result = MaximumMeanDiscrepancy.Test(Gaussian(80, 5, 0, 1), Gaussian(80, 5, 1.0, 2), permutations: 200, seed: 3);
        Assert.True(result.Statistic > 0.05, $"MMD² = {result.Statistic}");
        Assert.Equal(1.0 / 201, result.PValue, 9);
    }

    [Fact]
    public void Mmd_false_alarm_rate_on_same_distribution_samples_is_near_alpha()
    {
        int alarms = 0;
        const int trials = 100;
        for (int t = 0; t < trials; t++)
            if (MaximumMeanDiscrepancy.Test(Gaussian(30, 3, 0, 1000 + t), Gaussian(30, 3, 0, 5000 + t), permutations: 99, seed: t).PValue < 0.05) alarms++;
        // A binomial(100, 0.05) lies in 0..12 with probability above 0.999.
        Assert.InRange(alarms, 0, 12);
    }

    [Fact]
    public void Ks_statistic_matches_hand_computed_cases()
    {
        Assert.Equal(0.5, KolmogorovSmirnov.Statistic([1, 2, 3, 4], [3, 4, 5, 6]), 12);
        Assert.Equal(1.0, KolmogorovSmirnov.Statistic([1, 2, 3], [4, 5, 6]), 12);
        Assert.Equal(0.0, KolmogorovSmirnov.Statistic([1, 2, 2, 3], [3, 2, 1, 2]), 12);
    }

    [Fact]
    public void Ks_p_values_match_the_kolmogorov_distribution()
    {
        Assert.Equal(0.2699997, KolmogorovSmirnov.SurvivalFunction(1.0), 6);
        Assert.Equal(0.0500, KolmogorovSmirnov.SurvivalFunction(1.3581), 4);
        Assert.Equal(0.0100, KolmogorovSmirnov.SurvivalFunction(1.6276), 4);
        // 0..99 against 20..119: D = 0.2; n_e = 50; λ = (√50 + 0.12 + 0.11/√50)·0.2 = 1.44132 → Q = 0.031377.
        var r = KolmogorovSmirnov.TwoSample(Enumerable.Range(0, 100).Select(i => (double)i).ToArray(), Enumerable.Range(20, 100).Select(i => (double)i).ToArray());
        Assert.Equal(0.2, r.Statistic, 12);
        Assert.Equal(0.031377, r.PValue, 5);
    }

    [Fact]
    public void Psi_of_identical_bins_is_zero_and_a_known_shift_gives_its_value()
    {
        Assert.Equal(0, PopulationStability.FromShares([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 12);
        // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.274653.
        Assert.Equal(0.274653, PopulationStability.FromShares([0.5, 0.5], [0.25, 0.75]), 6);
        Assert.Equal(PsiLevel.Significant, PopulationStability.Level(0.274653));
        var values = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        Assert.Equal(0, PopulationStability.Index(values, values, 10), 12);
        // Shifted past the whole reference: every new value falls in the top bin.
        var shifted = values.Select(v => v + 1000).ToArray();
        Assert.Equal(PsiLevel.Significant, PopulationStability.Level(PopulationStability.Index(values, shifted, 10)));
    }

    [Fact]
    public void Holm_and_bonferroni_adjust_as_by_hand()
    {
        double[] p = [0.01, 0.04, 0.03, 0.5];
        Assert.Equal([0.04, 0.16, 0.12, 1.0], MultipleTesting.Bonferroni(p), new ToleranceComparer(1e-12));
        // Sorted 0.01, 0.03, 0.04, 0.5 → 4·0.01 = 0.04, 3·0.03 = 0.09, 2·0.04 = 0.08 → max 0.09, 1·0.5 = 0.5.
        Assert.Equal([0.04, 0.09, 0.09, 0.5], MultipleTesting.Holm(p), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Pca_finds_the_direction_of_largest_variance()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 200).Select(_ => { double t = random.NextDouble() * 10; return new[] { (float)t, (float)t, (float)(random.NextDouble() * 0.1) }; }).ToList();
        var pca = PrincipalComponents.Fit(rows, 2);
        Assert.Equal(2, pca.Count);
        Assert.True(pca.Variances[0] > 100 * pca.Variances[1]);
        var projected = pca.Project([[1, 1, 0], [2, 2, 0]]);
        Assert.Equal(Math.Sqrt(2), Math.Abs(projected[0][1] - projected[0][0]), 3);
    }

    [Fact]
    public void Drift_check_flags_a_shift_and_passes_the_same_distribution()
    {
        var reference = Gaussian(200, 8, 0, 10);
        var same = DriftCheck.Compare(reference, Gaussian(100, 8, 0, 1011), new DriftOptions(Permutations: 100, Components: 4));
        var moved = DriftCheck.Compare(reference, Gaussian(100, 8, 1.0, 2012), new DriftOptions(Permutations: 100, Components: 4));
        Assert.False(same.Drift, same.Describe());
        Assert.True(moved.Drift, moved.Describe());
        Assert.True(moved.KsDrift, moved.Describe());
        Assert.Equal(4, moved.Components.Count);
        Assert.Contains("NO DRIFT", same.Describe());
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
