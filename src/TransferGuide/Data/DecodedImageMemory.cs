namespace TransferGuide.Data;

/// <summary>
/// The process-wide account of decoded images kept in memory by every <see cref="ImageBatchSource"/>. Each source asks
/// before keeping an image and gives the bytes back when disposed, so the sum over all sources (train, validation,
/// test, views) stays within the budget of <see cref="PipelineOptions.MemoryCacheMegabytes"/>: memory does not grow
/// with the dataset. Images beyond it are spilled to the resized-image disk cache and read back from there.
/// </summary>
public static class DecodedImageMemory
{
    static long _used;

    /// <summary>Bytes of decoded images held now, over all sources.</summary>
    public static long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> from the budget when they fit under <paramref name="limitBytes"/>; false leaves it unchanged.</summary>
    public static bool TryTake(long bytes, long limitBytes)
    {
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (used + bytes > limitBytes) return false;
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used) return true;
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back.</summary>
    public static void Give(long bytes) => Interlocked.Add(ref _used, -bytes);
}
