using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

/// <summary>Channels-last training: same results as NCHW, plain weights outside training, checkpoints that save.</summary>
[Collection(TorchRngCollection.Name)]
public class ChannelsLastTrainingTests
{
    static (Dictionary<string, float[]> Weights, double[] Losses) Train(TempDir dir, bool channelsLast)
    {
        // 5 per class: 4 train (as before validation was carved from train) and 1 validation per class.
        using var learner = Learner.Create(LearnerFixture.Colours(dir, perClass: 5), options: LearnerFixture.Fast() with { Performance = new() { ChannelsLast = channelsLast } });
        learner.FineTune(epochs: 2, freezeEpochs: 1);
        return (LearnerFixture.Weights(learner.Model), learner.History.Epochs.SelectMany(e => new[] { e.TrainLoss, e.ValidLoss ?? 0 }).ToArray());
    }

    [Fact]
    public void Channels_last_training_ends_where_plain_training_does_within_rounding()
    {
        using var dir = new TempDir();
        var plain = Train(dir, channelsLast: false);
        var nhwc = Train(dir, channelsLast: true);
        // Different convolution kernels round differently. Adam's first steps move a weight whose gradient is
        // rounding noise by a whole learning rate either way, so single weights may differ by a few rates;
        // the losses and the weights as a whole must not.
        for (int i = 0; i < plain.Losses.Length; i++)
            Assert.True(Math.Abs(plain.Losses[i] - nhwc.Losses[i]) <= 1e-3 * Math.Max(1, Math.Abs(plain.Losses[i])),
                $"loss {i}: {plain.Losses[i]} plain against {nhwc.Losses[i]} channels-last");
        double diff = 0, norm = 0;
        foreach (var (name, a) in plain.Weights)
            for (int j = 0; j < a.Length; j++) { diff += Math.Pow(a[j] - nhwc.Weights[name][j], 2); norm += (double)a[j] * a[j]; }
        Console.WriteLine($"relative weight difference {Math.Sqrt(diff / norm):E2}, largest {LearnerFixture.MaxDifference(plain.Weights, nhwc.Weights):E2}; losses {string.Join(" ", plain.Losses)} vs {string.Join(" ", nhwc.Losses)}");
        Assert.True(Math.Sqrt(diff / norm) < 1e-3, $"weights differ by {Math.Sqrt(diff / norm):E2} of their norm");
    }

    [Fact]
    public void Weights_are_plain_again_after_training_and_checkpoints_were_written_meanwhile()
    {
        using var dir = new TempDir();
        var path = dir.Combine("run.tgck");
        using var learner = Learner.Create(LearnerFixture.Colours(dir), options: LearnerFixture.Fast(path) with { Performance = new() { ChannelsLast = true } });
        var seenChannelsLast = new List<bool>();
        // A user's epoch callback that saves its own copy while the weights are channels-last.
        learner.EpochProgress = new ActionProgress<EpochMetrics>(e =>
        {
            seenChannelsLast.Add(learner.Model.parameters().Any(p => MemoryFormat.IsChannelsLast(p)));
            learner.SaveCheckpoint(dir.Combine($"epoch{e.Epoch}.tgck"));
        });
        learner.FineTune(epochs: 1, freezeEpochs: 1);

        Assert.Equal([true, true], seenChannelsLast);
        Assert.All(learner.Model.parameters(), p => Assert.True(p.is_contiguous(), "a weight stayed channels-last after training"));
        var (saved, header, _) = Checkpoint.Load(path);
        using (saved)
        {
            Assert.Equal(2, header.Epoch);
            Assert.Equal(0.0, LearnerFixture.MaxDifference(LearnerFixture.Weights(learner.Model), LearnerFixture.Weights(saved)));
        }
        var (first, _, _) = Checkpoint.Load(dir.Combine("epoch1.tgck"));
        first.Dispose();
    }

    [Fact]
    public void Option_off_keeps_every_weight_plain_during_training()
    {
        using var dir = new TempDir();
        using var learner = Learner.Create(LearnerFixture.Colours(dir), options: LearnerFixture.Fast() with { Performance = new() { ChannelsLast = false } });
        bool any = false;
        learner.EpochProgress = new ActionProgress<EpochMetrics>(_ => any |= learner.Model.parameters().Any(p => MemoryFormat.IsChannelsLast(p)));
        learner.FineTune(epochs: 1, freezeEpochs: 0);
        Assert.False(any);
    }

    [Fact]
    public void Default_is_channels_last_on_a_cpu_and_plain_on_cuda()
    {
        Assert.True(new PerformanceOptions().UsesChannelsLast(CPU));
        Assert.False(new PerformanceOptions().UsesChannelsLast(new Device(TorchSharp.DeviceType.CUDA, 0)));
        Assert.False(new PerformanceOptions { ChannelsLast = false }.UsesChannelsLast(CPU));
    }
}

/// <summary>The scope itself: weights in and out of channels-last, optimiser state that can always be saved.</summary>
public class ChannelsLastScopeTests
{
    [Theory]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void Checkpoint_sections_save_while_suspended_whatever_the_optimiser(string kind)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var model = new ResNet(OnnxResNetWeights.CntkResNet18Blocks, 3);
        // Built before the scope, as the Learner does: Adam's buffers are made here, plain.
        using TorchSharp.Modules.OptimizerHelper optimizer = kind == "sgd"
            ? new TransferGuide.Training.Optimizers.SGD(model.parameters(), 0.01, momentum: 0.9)
            : new TransferGuide.Training.Optimizers.AdamW(model.parameters(), lr: 1e-3);
        using var scope = ChannelsLastScope.For(model, new LearnerOptions { Performance = new() { ChannelsLast = true } }, ModelZoo.ResNet18ImageNet);
        Assert.True(scope.Active);
        Assert.Contains(model.parameters(), p => MemoryFormat.IsChannelsLast(p));
        using (var step = NewDisposeScope())
        {
            model.train();
            model.call(scope.Input(randn(2, 3, 64, 64))).sum().backward();
            optimizer.step(); // SGD makes its momentum buffers here, from channels-last gradients
        }
        Assert.Throws<InvalidOperationException>(() => model.save(new BinaryWriter(new MemoryStream())));
        using (scope.Suspend(optimizer))
        {
            Assert.All(model.parameters(), p => Assert.True(p.is_contiguous()));
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream);
            optimizer.save_state_dict(writer);
            model.save(writer);
        }
        Assert.Contains(model.parameters(), p => MemoryFormat.IsChannelsLast(p));
        using (var step = NewDisposeScope()) // a step after the save still works with the plain buffers
        {
            optimizer.zero_grad();
            model.call(scope.Input(randn(2, 3, 64, 64))).sum().backward();
            optimizer.step();
        }
        using (scope.Suspend(optimizer)) optimizer.save_state_dict(new BinaryWriter(new MemoryStream()));
        scope.Dispose();
        Assert.All(model.parameters(), p => Assert.True(p.is_contiguous()));
    }
}
