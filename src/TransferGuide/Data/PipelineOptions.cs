namespace TransferGuide.Data;

/// <summary>How an <see cref="ImageBatchSource"/> feeds the model.</summary>
/// <param name="Workers">Threads that decode and augment, shared by every batch in flight (null: one per core).</param>
/// <param name="Prefetch">Batches prepared ahead of the one being consumed (0: none).</param>
/// <param name="MemoryCache">Keep decoded, downsized images in memory, so later epochs skip decoding.</param>
/// <param name="DiskCacheFolder">Also keep the downsized copies on disk here, so the next process skips decoding (null: only images over the memory budget go to disk, in <see cref="ResizedImageCache.DefaultFolder"/>).</param>
/// <param name="MemoryCacheMegabytes">
/// The most memory decoded images may take, over every source of the process (<see cref="DecodedImageMemory"/>). Images
/// beyond it are spilled to the disk cache and read back from there (a file read, not a decode), so memory stays flat as
/// the dataset grows. 64 MB holds about 250 photos at the 256-pixel resize size; the spilled ones are raw pixels that
/// the operating system's file cache keeps, outside the process. On a 700-image set the default fine-tune peaked at
/// 1589 MB with 64 MB against 1736 MB with 256 MB, with the same batches and time (docs/performance.md).
/// </param>
public sealed record PipelineOptions(int? Workers = null, int Prefetch = 2, bool MemoryCache = true, string? DiskCacheFolder = null,
    int MemoryCacheMegabytes = PipelineOptions.DefaultMemoryCacheMegabytes)
{
    /// <summary>The default budget of decoded images in memory.</summary>
    public const int DefaultMemoryCacheMegabytes = 64;

    /// <summary>The budget in bytes.</summary>
    public long MemoryCacheBytes => MemoryCacheMegabytes * 1024L * 1024L;

    /// <summary>Worker threads to use.</summary>
    public int WorkerCount => Math.Max(1, Workers ?? Environment.ProcessorCount);
}
