using TransferGuide.Benchmarks;
using TransferGuide.Training;

namespace TransferGuide.Tests.Benchmarks;

public class TrainStepBenchmarkTests
{
    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.BFloat16)]
    public void A_tiny_run_reports_positive_rates_and_a_falling_loss(Precision precision)
    {
        var r = TrainStepBenchmark.Run(precision, batchSize: 4, imageSize: 32, steps: 3, warmup: 1);
        Assert.Equal(TrainStepBenchmark.Name(precision), r.Precision);
        Assert.True(r.ImagesPerSecond > 0 && double.IsFinite(r.ImagesPerSecond));
        Assert.True(r.PeakRssMb > 50, $"peak RSS {r.PeakRssMb} MB is implausible for a process holding ResNet18");
        Assert.True(r.LastLoss < r.FirstLoss, $"the same batch four times should lower the loss ({r.FirstLoss} -> {r.LastLoss})");
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
