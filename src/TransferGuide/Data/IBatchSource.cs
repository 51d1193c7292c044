using TransferGuide.Core;

namespace TransferGuide.Data;

/// <summary>
/// Labelled batches for the learner, whatever the items are: images (<see cref="ImageBatchSource"/>), token ids or
/// spectrograms. A batch is a function of (order, seed, epoch, batch index), so a resumed run sees exactly the
/// batches it would have seen.
/// </summary>
public interface IBatchSource : IDisposable
{
    /// <summary>Items served.</summary>
    int Count { get; }

    /// <summary>Class index of every item, in item order (what balancing and class weights count).</summary>
    IReadOnlyList<int> Labels { get; }

    /// <summary>
    /// The batches of an epoch in <paramref name="order"/> (indices of items), <paramref name="batchSize"/> at a time,
    /// from batch <paramref name="skipBatches"/> on. Items that fail to load are reported by the source and left out,
    /// so a batch may hold fewer items, or none.
    /// </summary>
    IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0);
}

/// <summary>Visiting orders of an epoch, the same for every <see cref="IBatchSource"/>.</summary>
public static class BatchOrder
{
    /// <summary>0, 1, …, <paramref name="count"/> − 1 (evaluation).</summary>
    public static int[] Sequential(int count) => Enumerable.Range(0, count).ToArray();

    /// <summary>A shuffle that depends on (seed, epoch) alone, so a resumed run visits items in the same order.</summary>
    public static int[] Shuffled(int count, int seed, int epoch)
    {
        var order = Sequential(count);
        new Random(Reproducibility.Mix(seed, epoch, 0x5eed)).Shuffle(order);
        return order;
    }
}
