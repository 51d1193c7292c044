using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Tests.Training;

namespace TransferGuide.Tests.Ensembles;

public class EnsembleTrainingTests
{
    static LearnerOptions Tiny => new() { BatchSize = 4, ImageSize = 32, Seed = 5 };

    [Fact]
    public void Tta_views_are_the_centre_its_mirror_and_the_corner_crops()
    {
        var p = Preprocessing.TorchvisionImageNet with { CropSize = 4, ResizeShorterSide = 6 };
        Assert.Equal(2, TestTimeAugmentation.Views(p, TtaViews.Flip).Count);
        Assert.Equal(5, TestTimeAugmentation.Views(p, TtaViews.FiveCrop).Count);
        Assert.Equal(10, TestTimeAugmentation.Views(p, TtaViews.TenCrop).Count);

        // A 6x6 image whose pixel value encodes its column: each view's top-left pixel shows where it was cut.
        Image<Rgb24> Make()
        {
            var image = new Image<Rgb24>(6, 6);
            for (int y = 0; y < 6; y++) for (int x = 0; x < 6; x++) image[x, y] = new Rgb24((byte)(x * 10), (byte)(y * 10), 0);
            return image;
        }
        var views = TestTimeAugmentation.Views(p, TtaViews.TenCrop);
        var topLeft = views.Select(v =>
        {
            using var image = Make();
            v.ApplyAll(image, new Random(0));
            Assert.Equal(4, image.Width);
            return (image[0, 0].R / 10, image[0, 0].G / 10);
        }).ToList();
        // The five crops first: centre (1,1), top-left (0,0), top-right (2,0), bottom-left (0,2), bottom-right (2,2);
        // then their mirror images, whose first column is the crop's last (4,1), (3,0), (5,0), (3,2), (5,2).
        Assert.Equal([(1, 1), (0, 0), (2, 0), (0, 2), (2, 2), (4, 1), (3, 0), (5, 0), (3, 2), (5, 2)], topLeft);
    }

    [Fact]
    public void Tta_average_is_the_mean_of_its_views_and_its_first_view_is_plain_evaluation()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), "mobilenet_v3_small", Tiny, pretrained: false);
        var plain = learner.Evaluate();
        var (averaged, views) = TtaEnsemble.Evaluate(learner, TtaViews.Flip);
        Assert.Equal(2, views.Count);
        Assert.Equal(plain.Probabilities, views[0].Probabilities);
        for (int i = 0; i < averaged.Probabilities.Length; i++)
            Assert.Equal((views[0].Probabilities[i] + views[1].Probabilities[i]) / 2, averaged.Probabilities[i], 5);
    }

    [Fact]
    public void Snapshot_ensemble_takes_one_snapshot_per_cycle_and_averages_them()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), "mobilenet_v3_small", Tiny, pretrained: false);
        var result = SnapshotEnsemble.Train(learner, new SnapshotOptions(Cycles: 2, EpochsPerCycle: 1, LearningRate: 1e-3));
        Assert.Equal(2, result.Snapshots.Count);
        Assert.Equal(2, learner.Epoch);
        // The two snapshots are different models, and the ensemble is their mean.
        Assert.NotEqual(result.Snapshots[0].Probabilities, result.Snapshots[1].Probabilities);
        Assert.Equal(ProbabilityEnsemble.Average([result.Snapshots[0].Probabilities, result.Snapshots[1].Probabilities]), result.Ensemble.Probabilities);
        Assert.Null(learner.EpochProgress);
    }
}
