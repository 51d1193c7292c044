using static TorchSharp.torch;

namespace TransferGuide.Tests.Training.Callbacks;

public class L1PenaltyTests
{
    [Fact]
    public void Is_the_strength_times_the_absolute_sum_of_trainable_weight_matrices()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { Regularization = new() { L1 = 1e-3 } });
        learner.UnfreezeTop(2); // head and l4 train; biases never count
        var loop = TinyLearner.Context(learner);
        using var scope = NewDisposeScope();
        var penalty = new L1Penalty().Penalty(loop);
        double expected = 0;
        foreach (var (name, p) in learner.Model.named_parameters())
            if (name is "l4.weight" or "fc.weight") expected += p.abs().sum().item<float>();
        Assert.NotNull(penalty);
        Assert.Equal(1e-3 * expected, penalty!.item<float>(), 1e-6);
    }

    [Fact]
    public void Adds_nothing_when_off()
    {
        using var learner = TinyLearner.Create();
        Assert.Null(new L1Penalty().Penalty(TinyLearner.Context(learner)));
    }

    [Fact]
    public void The_loop_sums_the_penalties_of_its_callbacks()
    {
        using var learner = TinyLearner.Create(new LearnerOptions { Regularization = new() { L1 = 0.5 } });
        var loop = TinyLearner.Context(learner, new L1Penalty(), new L1Penalty(), new DivergenceGuard());
        using var scope = NewDisposeScope();
        Assert.Equal(2 * new L1Penalty().Penalty(loop)!.item<float>(), loop.Penalty()!.item<float>(), 1e-3);
    }
}
