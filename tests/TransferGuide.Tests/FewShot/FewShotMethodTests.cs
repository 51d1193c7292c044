using TransferGuide.FewShot;
using static TorchSharp.torch;

namespace TransferGuide.Tests.FewShot;

public class FewShotMethodTests
{
    static double MeanAccuracy(IFewShotMethod method, FeatureSet set, int shots, int episodes = 30)
    {
        TorchRuntime.EnsureLoaded();
        using var all = tensor(set.Features, [set.Count, set.Dim]);
        var sampler = new EpisodeSampler(set.Labels, Enumerable.Range(0, set.Labels.Max() + 1).ToList());
        return FewShotBenchmark.Score(method, all, sampler.Sample(episodes, 5, shots, 5, seed: 2)).Average();
    }

    [Theory]
    [InlineData(PrototypeDistance.Euclidean)]
    [InlineData(PrototypeDistance.Cosine)]
    public void Prototypes_classify_separable_clusters_from_one_shot(PrototypeDistance distance)
    {
        var set = FewShotFixtures.Clusters(classes: 8, perClass: 10);
        Assert.True(MeanAccuracy(new PrototypicalNetwork(distance), set, shots: 1) >= 0.99);
    }

    [Fact]
    public void Prototypes_are_class_means()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var support = tensor(new float[] { 1, 0, 3, 0, 0, 2, 0, 4 }, [4, 2]);
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        var prototypes = PrototypicalNetwork.Prototypes(support, labels, 2).data<float>().ToArray();
        Assert.Equal([2f, 0f, 0f, 3f], prototypes);
    }

    [Fact]
    public void The_fine_tuned_head_classifies_separable_clusters()
    {
        var set = FewShotFixtures.Clusters(classes: 8, perClass: 10);
        Assert.True(MeanAccuracy(new FineTunedHead(), set, shots: 5, episodes: 10) >= 0.98);
    }

    [Fact]
    public void The_benchmark_scores_every_method_on_the_same_episodes_and_is_seeded()
    {
        var set = FewShotFixtures.Clusters(classes: 12, perClass: 10, spread: 2.5);
        var split = ClassSplit.Default(12, seed: 1);
        var options = new FewShotOptions(Ways: 3, Shots: [1, 3], Episodes: 15, Queries: 4, ValidationEpisodes: 10,
            Head: new FineTunedHeadOptions(Steps: 20), Reptile: new ReptileOptions(MetaIterations: 10, MetaShots: 2, InnerSteps: 3, TestSteps: 5, ValidateEvery: 5, ValidationEpisodes: 5));
        var a = FewShotBenchmark.Run(set, split, options);
        var b = FewShotBenchmark.Run(set, split, options);
        Assert.Equal(["proto", "linear", "reptile"], a.Methods);
        Assert.Equal(6, a.Scores.Count);
        Assert.All(a.Scores, s => Assert.Equal(15, s.Accuracy.Episodes));
        Assert.Equal(a.Scores.Select(s => s.Accuracy.Mean), b.Scores.Select(s => s.Accuracy.Mean));
        Assert.Null(a.Score("proto", 1)!.VersusPrototypes);
        // Paired differences: the same episodes, so the difference of means is the mean difference.
        var linear = a.Score("linear", 3)!;
        Assert.Equal(linear.Accuracy.Mean - a.Score("proto", 3)!.Accuracy.Mean, linear.VersusPrototypes!.Mean, 9);
        Assert.Equal([0, 5, 10], a.ReptileValidation.Select(p => p.Iteration));
        Assert.Equal(2, a.DistanceValidation.Count);
    }

    [Fact]
    public void The_benchmark_refuses_more_ways_than_test_classes()
    {
        var set = FewShotFixtures.Clusters(classes: 6, perClass: 10);
        var e = Assert.Throws<ArgumentException>(() => FewShotBenchmark.Run(set, ClassSplit.Default(6), new FewShotOptions(Ways: 5)));
        Assert.Contains("5-way episodes need 5 meta-test classes", e.Message);
        Assert.Contains("use at most 2 ways", e.Message);
    }
}
