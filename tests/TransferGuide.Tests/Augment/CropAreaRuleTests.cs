using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Tests.Augment;

/// <summary>The default training crop follows the images' size: small, frame-filling images keep more of the frame.</summary>
public class CropAreaRuleTests
{
    static (double Min, double Max) Share(AugmentationOptions options, int? side) =>
        options.ImageTransforms(Preprocessing.TorchvisionImageNet, side).OfType<RandomResizedCrop>().Single().AreaShare;

    [Fact]
    public void Small_images_get_the_milder_crop_and_photos_the_default()
    {
        Assert.Equal((0.75, 1.0), Share(new AugmentationOptions(), 28));
        Assert.Equal((0.75, 1.0), Share(new AugmentationOptions(), Transforms.SmallImageSide));
        Assert.Equal((0.35, 1.0), Share(new AugmentationOptions(), Transforms.SmallImageSide + 1));
        Assert.Equal((0.35, 1.0), Share(new AugmentationOptions(), null));
        Assert.Equal((0.75, 1.0), Share(new AugmentationOptions { Images = ImageAugmentation.Strong }, 28));
    }

    [Fact]
    public void A_share_the_user_chose_wins_over_the_rule()
    {
        Assert.Equal((0.5, 1.0), Share(new AugmentationOptions { MinCropArea = 0.5 }, 28));
        Assert.Equal((0.35, 1.0), Share(new AugmentationOptions { MinCropArea = 0.35 }, 28));
    }

    [Fact]
    public void The_median_size_comes_from_the_training_images_not_the_test_split()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 3; i++)
        {
            dir.Scene($"d/train/a/a{i}.png", i, 28, 28);
            dir.Scene($"d/train/b/b{i}.png", 10 + i, 30, 28);
            dir.Scene($"d/test/a/a{i}.png", 20 + i, 300, 200);
            dir.Scene($"d/test/b/b{i}.png", 30 + i, 300, 200);
            dir.Scene($"d/test/b/c{i}.png", 40 + i, 300, 200);
        }
        dir.Bytes("d/train/a/broken.png", [1, 2, 3]); // skipped: no size
        var data = ImageFolder.Load(dir.Combine("d"));
        Assert.Equal(28, data.Report.MedianShorterSide);
        Assert.Null(new LoadReport().MedianShorterSide);
    }

    [Theory]
    [InlineData(28, 0.75)]
    [InlineData(96, 0.35)]
    public void A_learner_records_the_share_its_images_chose_so_a_resume_crops_alike(int side, double share)
    {
        using var dir = new TempDir();
        foreach (var split in new[] { "train", "val" })
            for (int i = 0; i < 3; i++)
            {
                dir.Scene($"d/{split}/a/a{i}.png", split.Length * 10 + i, side + 8, side);
                dir.Scene($"d/{split}/b/b{i}.png", split.Length * 10 + 50 + i, side + 8, side);
            }
        using var learner = Learner.Create(ImageFolder.Load(dir.Combine("d")), "mobilenet_v3_small",
            TransferGuide.Tests.Training.LearnerFixture.Fast(), pretrained: false);
        Assert.Equal(share, learner.Options.Augmentation.MinCropArea);
    }
}
