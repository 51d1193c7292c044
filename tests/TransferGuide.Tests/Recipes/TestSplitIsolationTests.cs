using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Recipes;

/// <summary>
/// The test split is read once, at the end, and never used for a choice: a run whose test labels are swapped must
/// choose exactly what the original run chose (recipe, best epoch, weights) and differ only in its test accuracy.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class TestSplitIsolationTests
{
    static string Data(TempDir dir, string name, bool swapTestLabels)
    {
        var root = dir.Combine(name);
        for (int i = 0; i < 8; i++)
        {
            dir.Image(Path.Combine(name, "train", "red", $"r{i}.png"), 200, 40, 40, seed: i);
            dir.Image(Path.Combine(name, "train", "blue", $"b{i}.png"), 40, 40, 200, seed: 100 + i);
        }
        for (int i = 0; i < 4; i++)
        {
            // The same test images; only the folder (the label) differs when swapped.
            dir.Image(Path.Combine(name, "test", swapTestLabels ? "blue" : "red", $"tr{i}.png"), 200, 40, 40, seed: 200 + i);
            dir.Image(Path.Combine(name, "test", swapTestLabels ? "red" : "blue", $"tb{i}.png"), 40, 40, 200, seed: 300 + i);
        }
        return root;
    }

    static RunResult Auto(TempDir dir, string data, string runs) => TrainRecipe.Run(new TrainOptions(DataDir: data, Recipe: "auto", Epochs: 3,
        RunsRoot: dir.Combine(runs), Refit: true, Learner: LearnerFixture.Fast() with { EarlyStopping = new EarlyStopping(Patience: 2) }));

    [Fact]
    public void Shuffled_test_labels_change_the_test_accuracy_and_no_choice()
    {
        using var dir = new TempDir();
        var original = Auto(dir, Data(dir, "original", swapTestLabels: false), "a");
        var swapped = Auto(dir, Data(dir, "swapped", swapTestLabels: true), "b");
        var (m, s) = (original.Metrics, swapped.Metrics);

        // Every choice is the same: the recipe kept, the epoch kept, and everything measured on validation.
        Assert.Equal(m.Recipe, s.Recipe);
        Assert.Equal(m.Candidates!.Select(c => (c.Recipe, c.ValAccuracy, c.Kept)), s.Candidates!.Select(c => (c.Recipe, c.ValAccuracy, c.Kept)));
        var fineTunes = new[] { original, swapped }.Select(r => Metrics(r, "finetune")).ToArray();
        Assert.Equal(fineTunes[0].BestEpoch, fineTunes[1].BestEpoch);
        Assert.NotNull(fineTunes[0].BestEpoch);
        // The fine-tune was refitted on training and validation together, for the epochs chosen on validation alone.
        Assert.Equal(fineTunes[0].RefitEpochs, fineTunes[1].RefitEpochs);
        Assert.NotNull(fineTunes[0].RefitEpochs);
        Assert.Equal(fineTunes[0].ValAccuracy, fineTunes[1].ValAccuracy);
        Assert.Equal(History(original, "finetune"), History(swapped, "finetune"));

        // Only what is reported on the test split moves: the colours are easy, so the swapped labels are nearly all wrong.
        Assert.Equal(("test", "test"), (m.EvaluationSplit, s.EvaluationSplit));
        Assert.Equal(m.Accuracy, m.TestAccuracy);
        Assert.True(m.TestAccuracy >= 0.75 && s.TestAccuracy <= 0.25, $"test accuracy {m.TestAccuracy:P0} against {s.TestAccuracy:P0} with swapped labels");
        Assert.Equal(DataSplits.HoldoutName, m.ValidationSplit);
    }

    static RunMetrics Metrics(RunResult auto, string candidate) =>
        RunMetrics.Load(Path.Combine(auto.Folder.Path, "candidates", candidate, "metrics.json"));

    // A refitted run's validation curve is its first run's, kept in selection.json (the refit has no validation left).
    static IEnumerable<(double?, double?)> History(RunResult auto, string candidate) =>
        (RefitSelection.Load(Path.Combine(auto.Folder.Path, "candidates", candidate))?.History
         ?? Checkpoint.ReadHeader(Path.Combine(auto.Folder.Path, "candidates", candidate, "model.tgck")).History.Epochs)
        .Select(e => (e.ValidLoss, e.ValidAccuracy)).ToList();
}
