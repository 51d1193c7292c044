using TransferGuide.Tests.Cli;

namespace TransferGuide.Tests.Text;

/// <summary>The text recipe's knobs for small and quick runs.</summary>
public class TextRecipeTests
{
    [Fact]
    public void A_few_label_run_repeats_its_texts_within_an_epoch_and_quick_runs_keep_few_held_out_texts()
    {
        using var dir = new TempDir();
        var file = TextTrainCliTests.Reviews(dir);
        var result = TextTrainRecipe.Run(new TextTrainOptions(Dataset: null, DataFile: file, TopLayers: 1, BatchSize: 8, HeldOutPerClass: 2,
            RunsRoot: dir.Combine("runs")));
        var m = result.Metrics;
        // 36 reviews: 8 test and 3 validation before the cut, at most 2 per class after it.
        Assert.Equal(4, m.EvaluationItems);
        Assert.Equal(4, result.TestTexts.Count);
        Assert.All(result.TestTexts.GroupBy(t => t.Label), g => Assert.Equal(2, g.Count()));
        // Too few texts for 10 batches: each comes several times an epoch, and the run still takes its 150 steps.
        int times = RepeatedSource.TimesFor(m.TrainItems, 8, TextTrainRecipe.MinimumStepsPerEpoch);
        Assert.True(times > 1);
        Assert.Equal(TextTrainRecipe.EpochsFor(m.TrainItems * times, 8, TextTrainRecipe.DefaultFineTuneEpochs), m.Epochs);
        Assert.True(m.Epochs * ((m.TrainItems * times + 7) / 8) >= TextTrainRecipe.MinimumSteps);
        Assert.True(m.Epochs < TextTrainRecipe.MinimumSteps / 2, $"{m.Epochs} epochs: the repeats should make them few");
    }
}
