using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Training;

/// <summary>
/// Serves batches of images for training and evaluation. Each file is decoded once and kept in memory
/// at the preprocessing's resize size, so later epochs only crop, flip and normalise. The next batch is
/// prepared while the current one trains. Batch order and augmentation are functions of (seed, epoch,
/// item), so a resumed run sees exactly the batches it would have seen.
/// </summary>
public sealed class ImageBatchSource : IDisposable
{
    readonly IReadOnlyList<DataItem> _items;
    readonly IReadOnlyList<IImageTransform> _transforms;
    readonly Preprocessing _preprocessing;
    readonly LoadReport _report;
    readonly ConcurrentDictionary<int, Image<Rgb24>?> _decoded = new();

    /// <summary>Creates a source over <paramref name="items"/>.</summary>
    public ImageBatchSource(IReadOnlyList<DataItem> items, IReadOnlyList<IImageTransform> transforms, Preprocessing preprocessing, LoadReport report)
    {
        _items = items; _transforms = transforms; _preprocessing = preprocessing; _report = report;
    }

    /// <summary>Items served.</summary>
    public int Count => _items.Count;

    /// <summary>The items, in their original order.</summary>
    public IReadOnlyList<DataItem> Items => _items;

    /// <summary>The visiting order of an epoch: shuffled by (seed, epoch), or as given when not shuffling.</summary>
    public int[] Order(int seed, int epoch, bool shuffle)
    {
        var order = Enumerable.Range(0, _items.Count).ToArray();
        if (shuffle) new Random(Reproducibility.Mix(seed, epoch, 0x5eed)).Shuffle(order);
        return order;
    }

    /// <summary>
    /// Batches of an epoch in <paramref name="order"/>, from batch <paramref name="skipBatches"/> on. Items that
    /// fail to decode are reported and left out.
    /// </summary>
    public IEnumerable<DecodedBatch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0)
    {
        int batches = (order.Length + batchSize - 1) / batchSize;
        Task<DecodedBatch>? next = null;
        for (int b = skipBatches; b < batches; b++)
        {
            int cb = b; // each task reads its own copy, not the loop variable
            var current = next ?? Task.Run(() => Build(order, cb, batchSize, seed, epoch));
            int nb = b + 1;
            next = nb < batches ? Task.Run(() => Build(order, nb, batchSize, seed, epoch)) : null;
            yield return current.GetAwaiter().GetResult();
        }
    }

    DecodedBatch Build(int[] order, int batch, int batchSize, int seed, int epoch)
    {
        int start = batch * batchSize, count = Math.Min(batchSize, order.Length - start);
        int size = _preprocessing.CropSize, plane = 3 * size * size;
        var pixels = new float[count * plane];
        var ok = new bool[count];
        Parallel.For(0, count, k =>
        {
            int index = order[start + k];
            var source = Decoded(index);
            if (source == null) return;
            using var image = source.Clone();
            _transforms.ApplyAll(image, new Random(Reproducibility.Mix(seed, epoch, index)));
            PixelTensor.WriteChw(image, _preprocessing, pixels.AsSpan(k * plane, plane));
            ok[k] = true;
        });
        var indices = Enumerable.Range(0, count).Where(k => ok[k]).ToArray();
        if (indices.Length == count) return new DecodedBatch(pixels, order.AsSpan(start, count).ToArray(), size);
        var packed = new float[indices.Length * plane];
        for (int j = 0; j < indices.Length; j++) Array.Copy(pixels, indices[j] * plane, packed, j * plane, plane);
        return new DecodedBatch(packed, indices.Select(k => order[start + k]).ToArray(), size);
    }

    Image<Rgb24>? Decoded(int index) => _decoded.GetOrAdd(index, i =>
    {
        try
        {
            var image = ImageDecoder.LoadRgb(_items[i].Path);
            // Keep a copy no bigger than the resize size: later epochs crop from it without decoding again.
            if (Math.Min(image.Width, image.Height) > _preprocessing.ResizeShorterSide)
                new ResizeShorterSide(_preprocessing.ResizeShorterSide).Apply(image, Random.Shared);
            return image;
        }
        catch (ImageDecodeException e)
        {
            _report.Skip(_items[i].Path, e.Reason);
            return null;
        }
    });

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var image in _decoded.Values) image?.Dispose();
        _decoded.Clear();
    }
}
