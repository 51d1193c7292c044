namespace TransferGuide.Tests.Data;

/// <summary>Few-label runs repeat their items within an epoch (RepeatedSource) to take their steps in fewer epochs.</summary>
public class RepeatedSourceTests
{
    sealed class Numbers(int count) : IBatchSource
    {
        public int Count => count;
        public IReadOnlyList<int> Labels => Enumerable.Range(0, count).Select(i => i % 2).ToArray();
        public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0) =>
            order.Chunk(batchSize).Skip(skipBatches).Select(c => new Batch(new FloatInputs(c.Select(i => (float)i).ToArray(), [c.Length]), c,
                c.Select(i => i % 2).ToArray(), c.Select(i => $"n:{i}").ToArray()));
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Every_item_comes_times_over_an_epoch_in_the_shuffled_order()
    {
        var inner = new Numbers(6);
        using var repeated = new RepeatedSource(inner, 3);
        Assert.Equal(18, repeated.Count);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => i % 6 % 2), repeated.Labels);
        var order = BatchOrder.Shuffled(repeated.Count, seed: 5, epoch: 0);
        var batches = repeated.Batches(order, 4, 5, 0).ToList();
        Assert.Equal(5, batches.Count);
        var seen = batches.SelectMany(b => b.Indices).ToList();
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(3, seen.Count(s => s == i)));
        Assert.Equal(order.Select(i => i % 6), seen);
        Assert.Equal(batches.Skip(2).Select(b => b.Indices), repeated.Batches(order, 4, 5, 0, skipBatches: 2).Select(b => b.Indices));
    }

    [Theory]
    [InlineData(16, 32, 10, 20)]   // 16 texts, batch 32: 20 repeats give 10 steps
    [InlineData(256, 32, 10, 2)]   // 8 steps become 16
    [InlineData(320, 32, 10, 1)]   // already 10 steps
    [InlineData(6920, 32, 10, 1)]
    public void Repeats_give_an_epoch_its_minimum_steps(int items, int batchSize, int minSteps, int expected)
    {
        Assert.Equal(expected, RepeatedSource.TimesFor(items, batchSize, minSteps));
        Assert.True((items * expected + batchSize - 1) / batchSize >= minSteps);
    }

    [Fact]
    public void Disposing_disposes_the_inner_source_and_zero_repeats_are_refused()
    {
        var inner = new Numbers(2);
        new RepeatedSource(inner, 2).Dispose();
        Assert.True(inner.Disposed);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedSource(new Numbers(2), 0));
    }
}
