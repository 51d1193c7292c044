namespace TransferGuide.Tests.Training;

/// <summary>4 epochs straight against 2, then a fresh process resuming for 2 more.</summary>
[Collection(TorchRngCollection.Name)]
public class ResumeTests
{
    static TrainOptions Options(string data, string runs, string? resume = null) =>
        new(DataDir: data, Recipe: "finetune", Epochs: 3, Resume: resume, RunsRoot: runs, Learner: LearnerFixture.Fast(), LearningRate: 1e-3);

    [Fact]
    public void Resumed_in_a_fresh_process_ends_with_the_weights_of_an_unbroken_run()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("colours", 4, "train", "val");

        var straight = TrainRecipe.Run(Options(data, dir.Combine("straight")));
        Assert.Equal(4, straight.History.Epochs.Count); // 1 head epoch + 3 with every layer

        using var stop = new CancellationTokenSource();
        var progress = new RecipeProgress(Epochs: new ActionProgress<EpochMetrics>(e => { if (e.Epoch == 2) stop.Cancel(); }));
        var stopped = Assert.Throws<RunStoppedException>(() => TrainRecipe.Run(Options(data, dir.Combine("broken")), progress, stop.Token));
        var brokenRun = Directory.GetDirectories(dir.Combine("broken")).Single();
        Assert.Equal(brokenRun, stopped.RunFolder);
        Assert.Contains($"tg train --resume {brokenRun}", stopped.Message);
        Assert.Equal(2, Checkpoint.ReadHeader(Path.Combine(brokenRun, "model.tgck")).Epoch);

        var tg = Path.Combine(AppContext.BaseDirectory, "tg.dll");
        var resumed = ChildProcess.Run("dotnet", ["exec", tg, "train", "--data", data, "--resume", brokenRun], new ChildOptions { Timeout = TimeSpan.FromMinutes(5) });
        Assert.True(resumed.ExitCode == 0 && !resumed.TimedOut, $"tg train --resume failed ({resumed.ExitCode}):\n{resumed.Output}\n{resumed.Errors}");

        var (a, ha, _) = Checkpoint.Load(straight.Folder.Checkpoint);
        var (b, hb, _) = Checkpoint.Load(Path.Combine(brokenRun, "model.tgck"));
        using (a) using (b)
        {
            Assert.Equal(4, hb.Epoch);
            Assert.Equal(ha.Step, hb.Step);
            double diff = LearnerFixture.MaxDifference(LearnerFixture.Weights(a), LearnerFixture.Weights(b));
            Assert.True(diff <= 1e-5, $"final weights differ by {diff:E2}");
            Assert.Equal(ha.History.Epochs.Select(e => e.TrainLoss), hb.History.Epochs.Select(e => e.TrainLoss), new Tolerance(1e-5));
        }
    }

    sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}
