using TransferGuide.FewShot;

namespace TransferGuide.Tests.FewShot;

public class EpisodeSamplerTests
{
    static readonly int[] Labels = Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 12)).ToArray();

    [Fact]
    public void Support_and_query_are_disjoint_and_hold_exactly_N_allowed_classes()
    {
        int[] allowed = [1, 3, 4, 6, 8, 9];
        var sampler = new EpisodeSampler(Labels, allowed);
        var random = new Random(3);
        for (int n = 0; n < 50; n++)
        {
            var e = sampler.Sample(5, 2, 4, random);
            Assert.Equal(5, e.Classes.Distinct().Count());
            Assert.All(e.Classes, c => Assert.Contains(c, allowed));
            Assert.Empty(e.Support.Intersect(e.Query));
            Assert.Equal(e.Support.Length, e.Support.Distinct().Count());
            Assert.Equal(e.Query.Length, e.Query.Distinct().Count());
            Assert.Equal(10, e.Support.Length);
            Assert.Equal(20, e.Query.Length);
            // Every row belongs to the class its episode label names, K and Q of each.
            for (int i = 0; i < e.Support.Length; i++) Assert.Equal(e.Classes[e.SupportLabels[i]], Labels[e.Support[i]]);
            for (int i = 0; i < e.Query.Length; i++) Assert.Equal(e.Classes[e.QueryLabels[i]], Labels[e.Query[i]]);
            Assert.All(Enumerable.Range(0, 5), l => Assert.Equal(2, e.SupportLabels.Count(x => x == l)));
            Assert.All(Enumerable.Range(0, 5), l => Assert.Equal(4, e.QueryLabels.Count(x => x == l)));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_episodes_and_another_seed_others()
    {
        var sampler = new EpisodeSampler(Labels, Enumerable.Range(0, 10).ToList());
        var a = sampler.Sample(20, 5, 1, 10, seed: 7);
        var b = sampler.Sample(20, 5, 1, 10, seed: 7);
        var c = sampler.Sample(20, 5, 1, 10, seed: 8);
        Assert.Equal(a.SelectMany(e => e.Support.Concat(e.Query)), b.SelectMany(e => e.Support.Concat(e.Query)));
        Assert.NotEqual(a.SelectMany(e => e.Support.Concat(e.Query)), c.SelectMany(e => e.Support.Concat(e.Query)));
    }

    [Fact]
    public void Refuses_more_ways_than_classes_or_more_images_than_a_class_has()
    {
        var sampler = new EpisodeSampler(Labels, [0, 1, 2]);
        Assert.Contains("only 3 are available", sampler.Problem(5, 1, 1));
        Assert.Contains("smallest class has 12", sampler.Problem(3, 5, 8));
        Assert.Null(sampler.Problem(3, 5, 7));
        Assert.Throws<ArgumentException>(() => sampler.Sample(4, 1, 1, new Random(0)));
    }

    [Fact]
    public void Accuracy_counts_right_query_labels()
    {
        var e = new Episode([4, 2], [0, 1], [0, 1], [2, 3, 4, 5], [0, 0, 1, 1]);
        Assert.Equal(0.75, e.Accuracy([0, 1, 1, 1]));
    }
}
