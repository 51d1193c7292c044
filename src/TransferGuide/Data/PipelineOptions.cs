namespace TransferGuide.Data;

/// <summary>How an <see cref="ImageBatchSource"/> feeds the model.</summary>
/// <param name="Workers">Threads that decode and augment, shared by every batch in flight (null: one per core).</param>
/// <param name="Prefetch">Batches prepared ahead of the one being consumed (0: none).</param>
/// <param name="MemoryCache">Keep each decoded, downsized image in memory, so later epochs skip decoding.</param>
/// <param name="DiskCacheFolder">Also keep the downsized copies on disk here, so the next process skips decoding (null: no disk cache).</param>
public sealed record PipelineOptions(int? Workers = null, int Prefetch = 2, bool MemoryCache = true, string? DiskCacheFolder = null)
{
    /// <summary>Worker threads to use.</summary>
    public int WorkerCount => Math.Max(1, Workers ?? Environment.ProcessorCount);
}
