using System.Text.Json;
using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Tests.Training;

public class LearnerOptionsTests
{
    [Fact]
    public void The_defaults_are_the_courses()
    {
        var o = new LearnerOptions();
        Assert.Equal(LearnerOptions.Default, o);
        Assert.Equal((32, 42, (int?)null, (EarlyStopping?)null, (string?)null), (o.BatchSize, o.Seed, o.ImageSize, o.EarlyStopping, o.CheckpointPath));
        Assert.Equal((OptimizerKind.AdamW, 0.9, 0.01, 1), (o.Optimizer.Kind, o.Optimizer.Momentum, o.Optimizer.WeightDecay, o.Optimizer.AccumulationSteps));
        Assert.Equal((0.0, 0.1, false, false), (o.Regularization.L1, o.Regularization.LabelSmoothing, o.Regularization.WeightedLoss, o.Regularization.BalanceClasses));
        Assert.Equal((ImageAugmentation.CropAndFlip, (BatchMixing?)null), (o.Augmentation.Images, o.Augmentation.Mixing));
        Assert.Equal((Precision.Float32, (bool?)null, false, (PipelineOptions?)null),
            (o.Performance.Precision, o.Performance.ChannelsLast, o.Performance.RecomputeStem, o.Performance.Pipeline));
    }

    [Fact]
    public void Options_compare_by_value_so_one_change_shows()
    {
        var plain = LearnerOptions.Default with { BatchSize = 4 };
        var mixed = plain with { Augmentation = plain.Augmentation with { Mixing = new BatchMixing(MixKind.CutMix, 1.0) } };
        Assert.NotEqual(plain, mixed);
        Assert.Equal(plain, mixed with { Augmentation = mixed.Augmentation with { Mixing = null } });
    }

    [Fact]
    public void Options_survive_the_checkpoint_json()
    {
        var options = new LearnerOptions
        {
            BatchSize = 8, ImageSize = 96, CheckpointPath = "m.tgck", EarlyStopping = new EarlyStopping(2),
            Optimizer = new() { Kind = OptimizerKind.SgdNesterov, AccumulationSteps = 2 },
            Regularization = new() { L1 = 1e-5, BalanceClasses = true },
            Augmentation = new() { Images = ImageAugmentation.Strong, Mixing = new BatchMixing(MixKind.MixUp, 0.4) },
            Performance = new() { Precision = Precision.BFloat16, ChannelsLast = false, Pipeline = new PipelineOptions(Workers: 2) },
        };
        var json = JsonSerializer.Serialize(options, Learner.Json);
        Assert.Equal(options, JsonSerializer.Deserialize<LearnerOptions>(json, Learner.Json));
    }

    [Fact]
    public void Each_augmentation_level_is_its_transform_list()
    {
        var p = TransferGuide.Models.ModelZoo.Spec(TransferGuide.Models.ModelZoo.ResNet18ImageNet).Preprocessing;
        string Names(IReadOnlyList<IImageTransform> t) => string.Join(",", t.Select(x => x.GetType().Name));
        Assert.Equal(Names(Transforms.Eval(p)), Names(new AugmentationOptions { Images = ImageAugmentation.None }.ImageTransforms(p)));
        Assert.Equal(Names(Transforms.Train(p)), Names(new AugmentationOptions().ImageTransforms(p)));
        Assert.Equal(Names(Transforms.Strong(p)), Names(new AugmentationOptions { Images = ImageAugmentation.Strong }.ImageTransforms(p)));
    }
}
