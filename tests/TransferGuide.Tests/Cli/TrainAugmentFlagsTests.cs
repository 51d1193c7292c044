namespace TransferGuide.Tests.Cli;

[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class TrainAugmentFlagsTests
{
    [Theory]
    [InlineData("--mix", "blend")]
    [InlineData("--augment", "extreme")]
    [InlineData("--layout", "nhcw")]
    [InlineData("--tta", "mirror")]
    public void Train_rejects_unknown_augmentation_settings_with_the_choices(string flag, string value)
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("d", 2);
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["train", "--data", root, flag, value, "--runs", dir.Combine("runs")]));
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }

    [Fact]
    public void Train_refuses_to_both_recompute_and_keep_the_stem_before_it_makes_a_run_folder()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("d", 2);
        var (code, output) = Tg.Run("train", "--data", root, "--recompute-stem", "--keep-stem", "--runs", dir.Combine("runs"));
        Assert.NotEqual(0, code);
        Assert.Contains("contradict", output);
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }
}
