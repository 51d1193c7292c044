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

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void Train_rejects_a_crop_area_outside_zero_to_one_before_it_makes_a_run_folder(string share)
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("d", 2);
        var (code, output) = Tg.Run("train", "--data", root, "--crop-area", share, "--runs", dir.Combine("runs"));
        Assert.Equal(2, code);
        Assert.Contains("--crop-area", output);
        Assert.Contains("greater than 0 and at most 1", output);
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }

    [Fact]
    public void The_crop_area_reaches_the_training_crop_of_both_augmentation_levels()
    {
        var p = TransferGuide.Data.Preprocessing.TorchvisionImageNet;
        foreach (var level in new[] { ImageAugmentation.CropAndFlip, ImageAugmentation.Strong })
        {
            var crop = new AugmentationOptions { Images = level, MinCropArea = 0.75 }.ImageTransforms(p).OfType<TransferGuide.Augment.RandomResizedCrop>().Single();
            Assert.Equal((0.75, 1.0), crop.AreaShare);
            var standard = new AugmentationOptions { Images = level }.ImageTransforms(p).OfType<TransferGuide.Augment.RandomResizedCrop>().Single();
            Assert.Equal((0.35, 1.0), standard.AreaShare);
        }
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
