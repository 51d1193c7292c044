using TransferGuide.Bench;

namespace TransferGuide.Tests.Bench;

public class AccuracyBenchmarkTests
{
    static AccuracyRun Run(string set, string precision, int seed, double test) =>
        new(set, precision, seed, "finetune", test, test, 5, 3, 100 + seed, 1000 + seed);

    [Fact]
    public void Summary_gives_mean_sample_spread_and_range_per_set_and_precision()
    {
        var runs = new[] { Run("sign_digits", "fp32", 1, 0.97), Run("sign_digits", "fp32", 2, 0.99), Run("sign_digits", "fp32", 3, 0.98),
            Run("sign_digits", "bf16", 1, 0.98) };
        var summary = AccuracySummary.Of(runs, AccuracySet.Default);
        var fp32 = summary.Single(s => s.Precision == "fp32");
        Assert.Equal((3, "far", 0.98), (fp32.Runs, fp32.Domain, fp32.Target));
        Assert.Equal(0.98, fp32.Mean, 9);
        Assert.Equal(0.01, fp32.Spread, 9); // sample standard deviation of 0.97, 0.98, 0.99
        Assert.Equal((0.97, 0.99), (fp32.Min, fp32.Max));
        Assert.True(fp32.Meets);
        Assert.Equal(1003, fp32.PeakRssMb);
        var bf16 = summary.Single(s => s.Precision == "bf16");
        Assert.Equal(0, bf16.Spread); // one run has no spread
        Assert.True(AccuracySummary.WithinSpread(fp32, bf16));
        Assert.False(AccuracySummary.WithinSpread(fp32, bf16 with { Mean = 0.96 }));
    }

    [Fact]
    public void Sets_are_named_or_folders_and_anything_else_is_refused_with_the_names()
    {
        Assert.Equal(["--dataset", "sign_language_digits"], AccuracySet.Named("sign_digits").DataArguments("bench-data"));
        Assert.Equal(["--data", Path.Combine("bench-data", "fsdd_mel")], AccuracySet.Named("fsdd_mel").DataArguments("bench-data"));
        Assert.All(AccuracySet.Default.Where(s => s.Domain == "home"), s => Assert.NotNull(s.Catalog));
        using var dir = new TempDir();
        var own = AccuracySet.Named(dir.ColourDataset("mine", 2));
        Assert.Equal(("mine", "own", 0.85), (own.Name, own.Domain, own.Target));
        Assert.Equal(["--data", dir.Combine("mine")], own.DataArguments("bench-data"));
        var e = Assert.Throws<ArgumentException>(() => AccuracySet.Named("nowhere"));
        Assert.Contains("sign_digits, fashion_k100, fsdd_mel, flowers17_fog3, ants_bees, flowers17", e.Message);
    }
}
