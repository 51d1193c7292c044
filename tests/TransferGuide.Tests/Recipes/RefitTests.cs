using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Recipes;

/// <summary>
/// The default fine-tune's refit: validation (carved from training) chooses the epoch, then a second run trains on
/// training and validation together for that many epochs. The choice is the first run's; the refit only learns more.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class RefitTests
{
    static TrainOptions Options(string data, string runs, bool? refit = null, string? resume = null) =>
        new(DataDir: data, Recipe: "finetune", Epochs: 3, Resume: resume, RunsRoot: runs, Refit: refit,
            Learner: LearnerFixture.Fast() with { EarlyStopping = new EarlyStopping(Patience: 2) });

    [Fact]
    public void Validation_chooses_the_epoch_then_joins_training_for_that_many_epochs()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("colours", 8, "train", "test");
        var kept = TrainRecipe.Run(Options(data, dir.Combine("kept"), refit: false));
        var refit = TrainRecipe.Run(Options(data, dir.Combine("refit"), refit: true));
        var (k, r) = (kept.Metrics, refit.Metrics);

        // The default (and --no-refit) keeps the first run; --refit refits it, with the same choice made on the same validation.
        Assert.Null(k.RefitEpochs);
        Assert.False(File.Exists(Path.Combine(kept.Folder.Path, RefitSelection.FileName)));
        int best = Assert.IsType<int>(k.BestEpoch);
        Assert.Equal(best, r.BestEpoch);
        Assert.Equal((k.ValAccuracy, k.ValidationSplit, k.ValidationItems), (r.ValAccuracy, r.ValidationSplit, r.ValidationItems));
        Assert.Equal(DataSplits.HoldoutName, r.ValidationSplit);
        Assert.True(r.ValidationItems >= 2);

        // The refit learned from every carved image too, for the chosen epochs: the head epoch, then every layer.
        Assert.Equal(k.TrainItems + k.ValidationItems, r.TrainItems);
        Assert.Equal(best, r.RefitEpochs);
        Assert.Equal(r.RefitEpochs, r.Epochs);
        var header = Checkpoint.ReadHeader(refit.Folder.Checkpoint);
        Assert.Equal(r.RefitEpochs, header.Epoch);
        Assert.All(header.History.Epochs, e => Assert.Null(e.ValidAccuracy)); // nothing left to validate on
        Assert.Equal(("test", k.EvaluationItems), (r.EvaluationSplit, r.EvaluationItems));
        Assert.NotNull(r.TestAccuracy);

        // The first run's choice and weights stay in the run folder, and metrics.json says what happened.
        var selection = RefitSelection.Load(refit.Folder.Path)!;
        Assert.Equal((best, k.TrainItems, k.Epochs), (selection.BestEpoch, selection.TrainItems, selection.EpochsRun));
        Assert.Equal(k.Epochs, selection.History.Count);
        var (first, _, _) = Checkpoint.Load(Path.Combine(refit.Folder.Path, "selection.tgck"));
        var (noRefit, _, _) = Checkpoint.Load(kept.Folder.Checkpoint);
        using (first) using (noRefit)
        {
            double diff = LearnerFixture.MaxDifference(LearnerFixture.Weights(first), LearnerFixture.Weights(noRefit));
            Assert.True(diff <= 1e-6, $"the first run's kept weights differ from --no-refit's by {diff:E2}");
        }
        var saved = RunMetrics.Load(refit.Folder.Metrics);
        Assert.Equal((r.RefitEpochs, r.ValAccuracy), (saved.RefitEpochs, saved.ValAccuracy));
        Assert.Contains("\"refit_epochs\"", File.ReadAllText(refit.Folder.Metrics));
    }

    [Fact]
    public void A_refit_stopped_midway_resumes_as_a_refit_and_ends_where_an_unbroken_one_does()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("colours", 8, "train", "test");
        var straight = TrainRecipe.Run(Options(data, dir.Combine("straight"), refit: true));
        int firstRunEpochs = RefitSelection.Load(straight.Folder.Path)!.EpochsRun;

        // Stop after the refit's first epoch: the first run's epochs come first, then the refit's.
        using var stop = new CancellationTokenSource();
        int seen = 0;
        var progress = new RecipeProgress(Epochs: new ActionProgress<EpochMetrics>(_ => { if (++seen == firstRunEpochs + 1) stop.Cancel(); }));
        var stopped = Assert.Throws<RunStoppedException>(() => TrainRecipe.Run(Options(data, dir.Combine("broken"), refit: true), progress, stop.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(stopped.RunFolder, "model.tgck"));
        Assert.Equal(1, header.Epoch);
        Assert.True(File.Exists(Path.Combine(stopped.RunFolder, RefitSelection.FileName)));

        var resumed = TrainRecipe.Run(Options(data, dir.Combine("broken"), resume: stopped.RunFolder));
        var (s, b) = (straight.Metrics, resumed.Metrics);
        Assert.Equal((s.BestEpoch, s.ValAccuracy, s.RefitEpochs, s.TrainItems), (b.BestEpoch, b.ValAccuracy, b.RefitEpochs, b.TrainItems));
        var (x, _, _) = Checkpoint.Load(straight.Folder.Checkpoint);
        var (y, _, _) = Checkpoint.Load(resumed.Folder.Checkpoint);
        using (x) using (y)
        {
            double diff = LearnerFixture.MaxDifference(LearnerFixture.Weights(x), LearnerFixture.Weights(y));
            Assert.True(diff <= 1e-5, $"final weights differ by {diff:E2}");
        }
        Assert.Equal(s.TestAccuracy, b.TestAccuracy);
    }

    [Fact]
    public void A_refit_needs_a_test_part()
    {
        using var dir = new TempDir();
        // Without --refit, the user's own validation split stays validation.
        var three = TrainRecipe.Run(Options(dir.ColourDataset("three", 6, "train", "val", "test"), dir.Combine("three"), refit: false));
        Assert.Null(three.Metrics.RefitEpochs);
        Assert.Equal("val", three.Metrics.ValidationSplit);

        var splits = new DataSplits([new DataItem("a", 0, "train")], [new DataItem("b", 0, "val")], [], "val", "val");
        var error = Assert.Throws<InvalidOperationException>(() => splits.JoinValidation());
        Assert.Contains("test part", error.Message);
    }
}
