using TransferGuide.Core;

namespace TransferGuide.Data.Text;

/// <summary>
/// Groups items of similar length into batches, so that padding each batch to its longest item costs little.
/// The visiting order is cut into chunks of <see cref="ChunkBatches"/> batches; each chunk is sorted by length and
/// cut into batches, and the batches of a chunk are shuffled by (seed, epoch) so that long and short ones alternate.
/// Batches stay a function of (order, seed, epoch), so a resumed run sees the batches it would have seen.
/// </summary>
public static class LengthBuckets
{
    /// <summary>Batches per sorted chunk: large enough for even lengths, small enough to keep the epoch's shuffle.</summary>
    public const int ChunkBatches = 50;

    /// <summary>The epoch's batches (item indices) for items visited in <paramref name="order"/> with lengths <paramref name="lengths"/>.</summary>
    public static IReadOnlyList<int[]> Batches(int[] order, Func<int, int> lengths, int batchSize, int seed, int epoch)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        var batches = new List<int[]>();
        int chunk = batchSize * ChunkBatches;
        for (int start = 0, c = 0; start < order.Length; start += chunk, c++)
        {
            var items = order.AsSpan(start, Math.Min(chunk, order.Length - start)).ToArray();
            // Stable sort: items of equal length keep the epoch's shuffled order.
            var sorted = items.Select((index, at) => (index, at)).OrderBy(p => lengths(p.index)).ThenBy(p => p.at).Select(p => p.index).ToArray();
            var chunkBatches = sorted.Chunk(batchSize).ToArray();
            new Random(Reproducibility.Mix(seed, epoch, c, 0xb0c7)).Shuffle(chunkBatches);
            batches.AddRange(chunkBatches);
        }
        return batches;
    }
}
