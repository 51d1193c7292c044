using TransferGuide.Augment;
using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Recipes;

/// <summary>
/// The fine-tune reports its test accuracy with flip test-time augmentation by default, and the centre crop's
/// accuracy beside it. The views touch only the report: training and every choice on validation are the same.
/// </summary>
[Collection(TorchRngCollection.Name)]
public class TtaRecipeTests
{
    static RunResult Run(TempDir dir, string data, string runs, TtaViews? tta) =>
        TrainRecipe.Run(new TrainOptions(DataDir: data, Epochs: 1, RunsRoot: dir.Combine(runs), Learner: LearnerFixture.Fast(), Tta: tta));

    [Fact]
    public void Flip_views_are_the_default_and_the_single_view_accuracy_is_the_plain_runs()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("colours", 6, "train", "test");
        var byDefault = TrainRecipe.Run(new TrainOptions(DataDir: data, Epochs: 1, RunsRoot: dir.Combine("default"), Learner: LearnerFixture.Fast()));
        var plain = Run(dir, data, "plain", tta: null);
        var (t, p) = (byDefault.Metrics, plain.Metrics);

        Assert.Equal("flip", t.Tta);
        Assert.Equal(t.Accuracy, t.TestAccuracy);
        Assert.Equal(p.TestAccuracy, t.SingleViewAccuracy);
        Assert.Equal((t.ValAccuracy, t.BestEpoch, t.Epochs), (p.ValAccuracy, p.BestEpoch, p.Epochs));
        Assert.Equal(t.EvaluationItems, p.EvaluationItems);
        Assert.Contains("\"single_view_accuracy\"", File.ReadAllText(byDefault.Folder.Metrics));
        Assert.Contains("flip test-time augmentation", File.ReadAllText(byDefault.Folder.Report));

        // Without views nothing is averaged, and metrics.json says so.
        Assert.Null(p.Tta);
        Assert.Null(p.SingleViewAccuracy);
        Assert.DoesNotContain("test-time augmentation", File.ReadAllText(plain.Folder.Report));
    }

    [Fact]
    public void Ten_crops_are_averaged_when_asked_for()
    {
        using var dir = new TempDir();
        var data = dir.ColourDataset("colours", 6, "train", "test");
        var m = Run(dir, data, "ten", TtaViews.TenCrop).Metrics;
        Assert.Equal("tencrop", m.Tta);
        Assert.NotNull(m.SingleViewAccuracy);
        Assert.InRange(m.TestAccuracy!.Value, 0, 1);
    }
}
