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
        // The child's progress bar, written to a pipe, repeats its description; only the summary line counts.
        Assert.Null(AccuracyProgress.Line("fsdd_mel", 2, "fp32", "epoch 3: train loss 1.123, held-out loss 0.390, accuracy 91.0 %: 100%"));
        Assert.Null(AccuracyProgress.Line("fsdd_mel", 2, "fp32", "epochs: 12 (budget of 600 optimiser steps)"));
        Assert.Equal("  fsdd_mel seed 2 fp32: resuming runs/x/model.tgck at epoch 4, step 31",
            AccuracyProgress.Line("fsdd_mel", 2, "fp32", "resuming runs/x/model.tgck at epoch 4, step 31"));
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
        Assert.Single(output.Split('\n'), l => l.Contains("colours seed 1 fp32: epoch 1:")); // one line an epoch, not the bar's repeats

        // The finished run is reused: no child, so no epoch lines, and the same result.
        var (again, second) = Tg.Run(args);
        Assert.True(again == 0, second);
        Assert.DoesNotContain("epoch 1: train loss", second);
        Assert.Contains("colours seed 1 fp32: test", second);

        // A run stopped before it wrote its metrics resumes from its checkpoint in its own folder, not from scratch.
        var runs = Directory.GetDirectories(dir.Combine("bench", "runs", "colours", "finetune-fp32-seed1"));
        var run = Assert.Single(runs);
        File.Delete(Path.Combine(run, "metrics.json"));
        var (third, resumed) = Tg.Run(args);
        Assert.True(third == 0, resumed);
        Assert.Contains($"resuming the stopped run {run}", resumed);
        Assert.Contains("colours seed 1 fp32: resuming ", resumed);
        Assert.Equal(run, Assert.Single(Directory.GetDirectories(dir.Combine("bench", "runs", "colours", "finetune-fp32-seed1"))));
        Assert.True(File.Exists(Path.Combine(run, "metrics.json")), resumed);
    }

    [Fact]
    public void A_stopped_run_that_cannot_be_resumed_is_said_so_and_trained_again()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var stopped = dir.Combine("bench", "runs", "colours", "finetune-fp32-seed1", "20260101-000000");
        Directory.CreateDirectory(stopped);
        File.WriteAllText(Path.Combine(stopped, "model.tgck"), "not a checkpoint");
        var (code, output) = Tg.Run("bench", "accuracy", "--sets", data, "--seeds", "1", "--out", dir.Combine("bench"), "--data-dir", dir.Combine("prepared"),
            "--train-args", "--epochs 1 --image-size 32 --batch-size 4");
        Assert.True(code == 0, output);
        Assert.Contains($"could not resume {stopped}, so the run starts again", output);
        Assert.Contains("colours seed 1 fp32: epoch 1: train loss", output);
    }
}
