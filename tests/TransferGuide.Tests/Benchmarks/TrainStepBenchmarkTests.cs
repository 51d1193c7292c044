namespace TransferGuide.Tests.Benchmarks;

public class TrainStepBenchmarkTests
{
    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.BFloat16)]
    public void A_tiny_run_reports_positive_rates_memory_and_finite_losses(Precision precision)
    {
        var r = TrainStepBenchmark.Run(precision, batchSize: 4, imageSize: 32, steps: 3, warmup: 1);
        Assert.Equal(TrainStepBenchmark.Name(precision), r.Precision);
        Assert.True(r.ImagesPerSecond > 0 && double.IsFinite(r.ImagesPerSecond));
        Assert.True(r.PeakRssMb > 50, $"peak RSS {r.PeakRssMb} MB is implausible for a process holding ResNet18");
        // Four steps at 32 px with batch 4 are too few for the loss to fall reliably; it must stay finite.
        Assert.True(double.IsFinite(r.FirstLoss) && double.IsFinite(r.LastLoss) && r.FirstLoss > 0, $"losses {r.FirstLoss} -> {r.LastLoss}");
        Assert.Equal(3, r.Steps);
    }

    [Fact]
    public void Precision_names_round_trip_and_unknown_names_are_refused()
    {
        foreach (var p in new[] { Precision.Float32, Precision.BFloat16, Precision.Float16 })
            Assert.Equal(p, TrainStepBenchmark.Parse(TrainStepBenchmark.Name(p)));
        var e = Assert.Throws<ArgumentException>(() => TrainStepBenchmark.Parse("fp8"));
        Assert.Contains("fp32, bf16 or fp16", e.Message);
    }
}
