using System.Text.Json;

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
        Assert.Equal((Precision.Float32, (bool?)null, (bool?)null, (PipelineOptions?)null),
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
    public void A_training_state_this_kit_cannot_read_names_the_file_and_what_to_do()
    {
        // What an older kit met in a newer kit's file: a value of another type (here the crop share as text).
        var json = System.Text.Encoding.UTF8.GetBytes("""{"options":{"augmentation":{"min_crop_area":"large"}}}""");
        var e = Assert.Throws<CheckpointException>(() => Learner.ReadState(json, "runs/x/model.tgck"));
        Assert.Contains("runs/x/model.tgck", e.Message);
        Assert.Contains("min_crop_area", e.Message);
        Assert.Contains("start a new run", e.Message);
    }

    [Fact]
    public void A_checkpoint_of_an_older_kit_with_flat_options_still_resumes_with_the_same_options()
    {
        // The learner section as the kit wrote it before the options were grouped.
        const string flat = """
            {"plan":[{"name":"fit","epochs":2,"trainable_from":5,"learning_rate":0.001,"lr_spread":1,"schedule":null}],"plan_start_epoch":0,
             "plan_start_step":0,"phase_index":0,"batch_in_epoch":3,"partial_loss":1.5,"partial_correct":2,"partial_seen":4,
             "best_valid_loss":"Infinity","epochs_without_improvement":0,"options":{"batch_size":8,"accumulation_steps":2,"optimizer":2,
             "momentum":0.8,"weight_decay":0.001,"l1":1e-05,"label_smoothing":0,"precision":1,"seed":7,"early_stopping":{"patience":2,
             "min_delta":0.0001,"restore_best":true},"checkpoint_path":"m.tgck","augment":true,"image_size":64,"mixing":{"kind":1,
             "alpha":1,"probability":1},"balance_classes":true,"pipeline":{"workers":1,"prefetch":0,"memory_cache":true,
             "disk_cache_folder":null},"weighted_loss":true,"strong_augment":true,"channels_last":false,"recompute_stem":true}}
            """;
        var state = Learner.ReadState(System.Text.Encoding.UTF8.GetBytes(flat))!;
        var expected = new LearnerOptions
        {
            BatchSize = 8, Seed = 7, ImageSize = 64, CheckpointPath = "m.tgck", EarlyStopping = new EarlyStopping(2),
            Optimizer = new() { Kind = OptimizerKind.Sgd, Momentum = 0.8, WeightDecay = 0.001, AccumulationSteps = 2 },
            Regularization = new() { L1 = 1e-5, LabelSmoothing = 0, WeightedLoss = true, BalanceClasses = true },
            Augmentation = new() { Images = ImageAugmentation.Strong, Mixing = new BatchMixing(MixKind.CutMix, 1.0) },
            Performance = new() { Precision = Precision.BFloat16, ChannelsLast = false, RecomputeStem = true, Pipeline = new PipelineOptions(1, 0) },
            BatchNorm = BatchNormMode.Train, // what every kit before the choice did
        };
        Assert.Equal(expected, state.Options);
        Assert.Equal(3, state.BatchInEpoch);
        var plain = Learner.ReadState(System.Text.Encoding.UTF8.GetBytes(flat.Replace("\"strong_augment\":true", "\"strong_augment\":false")
            .Replace("\"augment\":true", "\"augment\":false")))!;
        Assert.Equal(ImageAugmentation.None, plain.Options.Augmentation.Images);
        // Grouped options read back as written.
        var grouped = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, Learner.Json);
        Assert.Equal(expected, Learner.ReadState(grouped)!.Options);
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
