using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Core;
using TransferGuide.Models;

namespace TransferGuide.Data;

/// <summary>
/// Serves batches of images for training and evaluation. Each file is decoded once and kept at the
/// preprocessing's resize size (in memory, and on disk when asked), so later epochs only augment and normalise.
/// Batches are prepared ahead on a fixed number of worker threads while the model works on the current one.
/// Batch order and augmentation are functions of (seed, epoch, item), so a resumed run sees exactly the
/// batches it would have seen, whatever the worker count.
/// </summary>
public sealed class ImageBatchSource : IBatchSource
{
    readonly IReadOnlyList<DataItem> _items;
    readonly IReadOnlyList<IImageTransform> _transforms;
    readonly Preprocessing _preprocessing;
    readonly LoadReport _report;
    readonly ConcurrentDictionary<int, Lazy<Cached>> _decoded = new();
    readonly ConcurrentDictionary<int, bool> _failed = new();
    readonly ResizedImageCache? _disk;
    readonly Lazy<ResizedImageCache> _spill;
    readonly TaskScheduler _workers;
    long _keptBytes;

    /// <summary>A decoded image kept in memory, or a note that it went to the disk cache (over the memory budget), or a failure (both null).</summary>
    sealed record Cached(Image<Rgb24>? Image, bool Spilled, long Bytes);
    int[]? _labels;

    /// <summary>Creates a source over <paramref name="items"/>.</summary>
    public ImageBatchSource(IReadOnlyList<DataItem> items, IReadOnlyList<IImageTransform> transforms, Preprocessing preprocessing, LoadReport report,
        PipelineOptions? pipeline = null)
    {
        _items = items; _transforms = transforms; _preprocessing = preprocessing; _report = report;
        Pipeline = pipeline ?? new PipelineOptions();
        _disk = Pipeline.DiskCacheFolder is { } folder ? new ResizedImageCache(folder, preprocessing.ResizeShorterSide) : null;
        _spill = new Lazy<ResizedImageCache>(() => _disk ?? new ResizedImageCache(ResizedImageCache.DefaultFolder, preprocessing.ResizeShorterSide));
        // One limited scheduler for every batch in flight, so prefetching never runs more threads than asked.
        _workers = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Pipeline.WorkerCount).ConcurrentScheduler;
    }

    /// <summary>Workers, prefetch depth and caches.</summary>
    public PipelineOptions Pipeline { get; }

    /// <summary>Items served.</summary>
    public int Count => _items.Count;

    /// <summary>The items, in their original order.</summary>
    public IReadOnlyList<DataItem> Items => _items;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels ??= _items.Select(i => i.Label).ToArray();

    /// <summary>Images decoded so far and held in memory.</summary>
    public int CachedImages => _decoded.Count(kv => kv.Value.IsValueCreated && kv.Value.Value.Image != null);

    /// <summary>Images that did not fit the memory budget and are read back from the disk cache each time.</summary>
    public int SpilledImages => _decoded.Count(kv => kv.Value.IsValueCreated && kv.Value.Value.Spilled);

    /// <summary>The visiting order of an epoch: shuffled by (seed, epoch), or as given when not shuffling.</summary>
    public int[] Order(int seed, int epoch, bool shuffle) =>
        shuffle ? BatchOrder.Shuffled(_items.Count, seed, epoch) : BatchOrder.Sequential(_items.Count);

    /// <inheritdoc />
    IEnumerable<Batch> IBatchSource.Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches) =>
        Batches(order, batchSize, seed, epoch, skipBatches).Select(ToBatch);

    /// <summary>
    /// This source's items seen through other <paramref name="transforms"/> (one test-time-augmentation view), sharing
    /// the decoded cache. Disposing the view leaves this source as it is.
    /// </summary>
    public IBatchSource WithTransforms(IReadOnlyList<IImageTransform> transforms) => new View(this, transforms);

    Batch ToBatch(DecodedBatch b) => new(new FloatInputs(b.Pixels, [b.Count, 3, b.Size, b.Size]), b.Indices,
        b.Indices.Select(i => _items[i].Label).ToArray(), b.Indices.Select(i => _items[i].Path).ToArray());

    sealed class View(ImageBatchSource source, IReadOnlyList<IImageTransform> transforms) : IBatchSource
    {
        public int Count => source.Count;
        public IReadOnlyList<int> Labels => source.Labels;
        public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0) =>
            source.Batches(order, batchSize, seed, epoch, skipBatches, transforms).Select(source.ToBatch);
        public void Dispose() { }
    }

    /// <summary>
    /// Batches of an epoch in <paramref name="order"/>, from batch <paramref name="skipBatches"/> on. Items that
    /// fail to decode are reported and left out. <paramref name="transforms"/> replaces the source's own
    /// (test-time augmentation views reuse the decoded cache this way).
    /// </summary>
    public IEnumerable<DecodedBatch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0, IReadOnlyList<IImageTransform>? transforms = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        int batches = (order.Length + batchSize - 1) / batchSize;
        var ahead = new Queue<Task<DecodedBatch>>();
        int next = skipBatches;
        var steps = transforms ?? _transforms;
        void Fill()
        {
            while (next < batches && ahead.Count <= Pipeline.Prefetch)
            {
                int b = next++; // each task reads its own copy, not the loop variable
                ahead.Enqueue(Task.Run(() => Build(order, b, batchSize, seed, epoch, steps)));
            }
        }
        Fill();
        while (ahead.Count > 0)
        {
            var batch = ahead.Dequeue().GetAwaiter().GetResult();
            Fill();
            yield return batch;
        }
    }

    /// <summary>Decodes every item into the caches now (e.g. before timing, or before the first epoch).</summary>
    public void Preload(CancellationToken cancel = default) =>
        Parallel.For(0, _items.Count, new ParallelOptions { TaskScheduler = _workers, CancellationToken = cancel }, i =>
        {
            var image = Acquire(i, out bool owned);
            if (owned) image?.Dispose();
        });

    DecodedBatch Build(int[] order, int batch, int batchSize, int seed, int epoch, IReadOnlyList<IImageTransform> transforms)
    {
        int start = batch * batchSize, count = Math.Min(batchSize, order.Length - start);
        int size = _preprocessing.CropSize, plane = 3 * size * size;
        var pixels = new float[count * plane];
        var ok = new bool[count];
        Parallel.For(0, count, new ParallelOptions { TaskScheduler = _workers }, k =>
        {
            int index = order[start + k];
            var source = Acquire(index, out bool owned);
            if (source == null) return;
            var image = owned ? source : source.Clone();
            try
            {
                transforms.ApplyAll(image, new Random(Reproducibility.Mix(seed, epoch, index)));
                if (image.Width != size || image.Height != size)
                    throw new InvalidOperationException($"The transforms made {image.Width}x{image.Height} from {_items[index].Path}; the model needs {size}x{size}. End the pipeline with a crop or resize to {size}.");
                PixelTensor.WriteChw(image, _preprocessing, pixels.AsSpan(k * plane, plane));
                ok[k] = true;
            }
            finally { image.Dispose(); }
        });
        var indices = Enumerable.Range(0, count).Where(k => ok[k]).ToArray();
        if (indices.Length == count) return new DecodedBatch(pixels, order.AsSpan(start, count).ToArray(), size);
        var packed = new float[indices.Length * plane];
        for (int j = 0; j < indices.Length; j++) Array.Copy(pixels, indices[j] * plane, packed, j * plane, plane);
        return new DecodedBatch(packed, indices.Select(k => order[start + k]).ToArray(), size);
    }

    /// <summary>The downsized image of item <paramref name="index"/>; <paramref name="owned"/> says whether the caller must dispose it.</summary>
    Image<Rgb24>? Acquire(int index, out bool owned)
    {
        if (Pipeline.MemoryCache)
        {
            // Lazy makes two threads asking for the same item decode it once.
            var cached = _decoded.GetOrAdd(index, i => new Lazy<Cached>(() => Keep(i))).Value;
            owned = cached.Spilled;
            return cached.Spilled ? _spill.Value.TryLoad(_items[index].Path) ?? Load(index) : cached.Image;
        }
        owned = true;
        return Load(index);
    }

    /// <summary>Decodes item <paramref name="i"/> and keeps it in memory when the process budget allows, else on disk.</summary>
    Cached Keep(int i)
    {
        var image = Load(i);
        if (image == null) return new Cached(null, false, 0);
        long bytes = (long)image.Width * image.Height * 3;
        if (DecodedImageMemory.TryTake(bytes, Pipeline.MemoryCacheBytes))
        {
            Interlocked.Add(ref _keptBytes, bytes);
            return new Cached(image, false, bytes);
        }
        if (_disk == null) _spill.Value.Save(_items[i].Path, image); // with a disk cache, Load has saved it already
        image.Dispose();
        return new Cached(null, true, 0);
    }

    Image<Rgb24>? Load(int i)
    {
        var path = _items[i].Path;
        if (_failed.ContainsKey(i)) return null;
        if (_disk?.TryLoad(path) is { } cached) return cached;
        try
        {
            var image = ImageDecoder.LoadRgb(path, _report.MaxPixels);
            // Keep a copy no bigger than the resize size: later epochs crop from it without decoding again.
            if (Math.Min(image.Width, image.Height) > _preprocessing.ResizeShorterSide)
                ImageResize.ShorterSide(image, _preprocessing.ResizeShorterSide);
            _disk?.Save(path, image);
            return image;
        }
        catch (ImageDecodeException e)
        {
            // Report once, even when no memory cache remembers the failure.
            if (_failed.TryAdd(i, true)) _report.Skip(path, e.Reason);
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _decoded.Values)
            if (entry.IsValueCreated) entry.Value.Image?.Dispose();
        _decoded.Clear();
        DecodedImageMemory.Give(Interlocked.Exchange(ref _keptBytes, 0));
    }
}
