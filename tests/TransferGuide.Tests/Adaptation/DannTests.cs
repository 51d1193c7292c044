using TransferGuide.Adaptation;

namespace TransferGuide.Tests.Adaptation;

[Collection(TorchRngCollection.Name)]
public class DannTests
{
    static readonly AdaptationOptions Small = new(Epochs: 40, LearningRate: 3e-3, BatchSize: 32, Bottleneck: 16, DomainHidden: 16, DannWeight: 1, Seed: 7);

    [Fact]
    public void Dann_trains_and_confuses_its_domain_classifier()
    {
        TorchRuntime.EnsureLoaded();
        var source = ShiftedDomains.TwoClasses(150, seed: 1);
        var valid = ShiftedDomains.TwoClasses(50, seed: 2);
        var target = ShiftedDomains.TwoClasses(150, seed: 3, degrees: 40);
        var targetTest = ShiftedDomains.TwoClasses(50, seed: 4, degrees: 40);
        var comparison = DomainAdaptation.Compare(source, valid, target, targetTest, [AdaptationMethod.None, AdaptationMethod.Dann], Small);
        var dann = comparison[AdaptationMethod.Dann];
        // The same network and domain classifier with the reversal weight at 0: the domain classifier learns, but
        // nothing pushes the bottleneck to hide the domain.
        var unreversed = DomainAdaptation.Compare(source, valid, target, targetTest, [AdaptationMethod.Dann], Small with { DannWeight = 0 })[AdaptationMethod.Dann];

        Assert.True(dann.SourceValidAccuracy > 0.95, $"DANN should still learn the labels: source validation {dann.SourceValidAccuracy:P1}");
        // The raw domains are perfectly separable (the target sits 3 units away), and without reversal the domain
        // classifier tells them apart; with it, it is confused.
        Assert.True(unreversed.DomainAccuracy > 0.95, $"without reversal the domains should be told apart: {unreversed.DomainAccuracy:P1}");
        Assert.True(dann.DomainAccuracy < 0.8 && dann.DomainAccuracy < unreversed.DomainAccuracy - 0.2,
            $"DANN's domain classifier should be confused: {dann.DomainAccuracy:P1} against {unreversed.DomainAccuracy:P1} without reversal");
        Assert.Null(comparison[AdaptationMethod.None].DomainAccuracy);
        Assert.Equal(targetTest.Count, dann.TargetPredictions.Length);
        Assert.Equal(dann.History.Count, Small.Epochs);
        Assert.True(dann.History[^1].Lambda > 0.99 && dann.History[0].Lambda < 0.2, "lambda follows the ramp");
    }
}
