using TransferGuide.Bench;

namespace TransferGuide.Tests.Cli;

/// <summary><c>tg bench accuracy</c> shows each child run's epochs as they end, not only "training..." for half an hour.</summary>
public class BenchAccuracyCliTests
{
    [Fact]
    public void Only_an_epoch_summary_of_the_child_is_shown_tagged_with_its_set_and_seed()
    {
        Assert.Equal("  fsdd_mel seed 2 fp32: epoch 3: train loss 0.412 acc 88.1% | held-out loss 0.5 acc 86.0% | lr 0.001 | 151.2 s",
            AccuracyProgress.Line("fsdd_mel", 2, "fp32", "epoch 3: train loss 0.412 acc 88.1% | held-out loss 0.5 acc 86.0% | lr 0.001 | 151.2 s  "));
        Assert.Null(AccuracyProgress.Line("fsdd_mel", 2, "fp32", "augmentation: training crops keep 35% to 100% of the image"));
        Assert.Null(AccuracyProgress.Line("fsdd_mel", 2, "fp32", "epochs: 12 (budget of 600 optimiser steps)"));
    }

    [Fact]
    public void A_benchmark_run_prints_its_epochs_while_the_child_trains_and_reuses_the_finished_run()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        string[] args = ["bench", "accuracy", "--sets", data, "--seeds", "1", "--out", dir.Combine("bench"), "--data-dir", dir.Combine("prepared"),
            "--train-args", "--epochs 1 --image-size 32 --batch-size 4"];
        var (code, output) = Tg.Run(args);
        Assert.True(code == 0, output);
        Assert.Contains("colours seed 1 fp32: epoch 1: train loss", output);

        // The finished run is reused: no child, so no epoch lines, and the same result.
        var (again, second) = Tg.Run(args);
        Assert.True(again == 0, second);
        Assert.DoesNotContain("epoch 1: train loss", second);
        Assert.Contains("colours seed 1 fp32: test", second);
    }
}
