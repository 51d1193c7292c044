namespace TransferGuide.Data;

/// <summary>A source with no items: the test part of a learner whose data leaves none.</summary>
public sealed class EmptyBatchSource : IBatchSource
{
    /// <inheritdoc />
    public int Count => 0;
    /// <inheritdoc />
    public IReadOnlyList<int> Labels => [];
    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0) => [];
    /// <inheritdoc />
    public void Dispose() { }
}
