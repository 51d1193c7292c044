using TransferGuide.Adaptation;

namespace TransferGuide.Tests.Adaptation;

public class CoralTests
{
    static readonly double[,] SourceMix = { { 1.0, 0, 0 }, { 0.8, 0.5, 0 }, { 0, 0, 0.2 } };
    static readonly double[,] TargetMix = { { 3.0, 0, 0 }, { -1.0, 1.5, 0 }, { 0.5, 0.5, 2.0 } };

    static double MaxDifference(double[] a, double[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    [Fact]
    public void Aligned_source_has_the_target_covariance()
    {
        var source = ShiftedDomains.Gaussian(3000, [0, 0, 0], SourceMix, seed: 1);
        var target = ShiftedDomains.Gaussian(2000, [5, -1, 2], TargetMix, seed: 2);
        var targetCov = Coral.Covariance(target);
        Assert.True(MaxDifference(Coral.Covariance(source), targetCov) > 3, "the generated domains should differ to start with");

        // Without regularization the map is exact on the sample covariances: A^T Cs A = Ct.
        var aligned = Coral.Fit(source, target, regularization: 0).Apply(source);
        Assert.True(MaxDifference(Coral.Covariance(aligned), targetCov) < 1e-3, $"max difference {MaxDifference(Coral.Covariance(aligned), targetCov)}");
        Assert.Equal(source.Labels, aligned.Labels);
        Assert.Equal(source.Paths, aligned.Paths);
    }

    [Fact]
    public void Regularization_shrinks_towards_the_identity_and_means_move_only_when_asked()
    {
        var source = ShiftedDomains.Gaussian(2000, [1, 1, 1], SourceMix, seed: 3);
        var target = ShiftedDomains.Gaussian(2000, [5, -1, 2], TargetMix, seed: 4);
        var targetCov = Coral.Covariance(target);
        double exact = MaxDifference(Coral.Covariance(Coral.Fit(source, target, 0).Apply(source)), targetCov);
        double loaded = MaxDifference(Coral.Covariance(Coral.Fit(source, target, 1).Apply(source)), targetCov);
        Assert.True(loaded > exact + 0.1, $"regularization 1 should leave a visible gap ({loaded} against {exact})");

        var moved = Coral.Fit(source, target, 0, alignMeans: true).Apply(source);
        for (int d = 0; d < 3; d++)
            Assert.Equal(Mean(target, d), Mean(moved, d), 2);
        var kept = Coral.Fit(source, target, 0).Apply(source);
        Assert.True(Math.Abs(Mean(kept, 0) - Mean(target, 0)) > 1, "the paper's CORAL aligns covariances only");
    }

    [Fact]
    public void Mismatched_widths_are_refused()
    {
        var a = ShiftedDomains.Gaussian(10, [0, 0, 0], SourceMix, 1);
        var b = ShiftedDomains.TwoClasses(5, 1);
        Assert.Throws<ArgumentException>(() => Coral.Fit(a, b));
    }

    static double Mean(FeatureSet set, int d) => Enumerable.Range(0, set.Count).Average(i => set.Row(i)[d]);
}
