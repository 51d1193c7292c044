namespace TransferGuide.Tests.Monitoring;

public class GroupSamplingTests
{
    static readonly string[] Groups = [.. Enumerable.Repeat("a", 90), .. Enumerable.Repeat("b", 9), "c"];

    [Fact]
    public void Weights_are_inverse_group_frequency_with_mean_one()
    {
        var w = GroupSampling.InverseFrequencyWeights(Groups);
        Assert.Equal(100.0 / (3 * 90), w[0], 5);
        Assert.Equal(100.0 / (3 * 9), w[90], 5);
        Assert.Equal(100.0 / 3, w[99], 4);
        Assert.Equal(1.0, w.Average(), 5);
        // Every group weighs the same in total.
        foreach (var g in new[] { "a", "b", "c" })
            Assert.Equal(100.0 / 3, Enumerable.Range(0, Groups.Length).Where(i => Groups[i] == g).Sum(i => (double)w[i]), 3);
        Assert.Throws<ArgumentException>(() => GroupSampling.InverseFrequencyWeights([]));
    }

    [Fact]
    public void Balanced_order_draws_every_group_equally_in_expectation_and_is_seeded()
    {
        var order = GroupSampling.BalancedOrder(Groups, 30_000, new Random(7));
        var counts = order.GroupBy(i => Groups[i]).ToDictionary(g => g.Key, g => g.Count());
        foreach (var g in new[] { "a", "b", "c" }) Assert.InRange(counts[g], 9_500, 10_500); // 10,000 expected, sd about 82
        Assert.All(order, i => Assert.InRange(i, 0, Groups.Length - 1));
        Assert.Equal(order, GroupSampling.BalancedOrder(Groups, 30_000, new Random(7)));
        Assert.NotEqual(order, GroupSampling.BalancedOrder(Groups, 30_000, new Random(8)));
        // Within the big group, every row gets drawn: rows are picked uniformly, not just the first.
        Assert.Equal(90, order.Where(i => Groups[i] == "a").Distinct().Count());
    }
}
