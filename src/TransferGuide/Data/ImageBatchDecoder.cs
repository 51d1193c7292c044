using TransferGuide.Augment;
using TransferGuide.Models;

namespace TransferGuide.Data;

/// <summary>A decoded batch: <c>N × 3 × S × S</c> floats and which of the requested items they are.</summary>
/// <param name="Pixels">Normalised pixels of the decoded items, packed in order.</param>
/// <param name="Indices">For each packed image, its index in the list given to the decoder.</param>
/// <param name="Size">Side of each square image.</param>
public sealed record DecodedBatch(float[] Pixels, int[] Indices, int Size)
{
    /// <summary>Images in the batch.</summary>
    public int Count => Indices.Length;
}

/// <summary>
/// Decodes, transforms and normalises images in parallel. A file that fails to decode is reported and
/// left out of the batch; it never stops the run.
/// </summary>
public static class ImageBatchDecoder
{
    /// <summary>Decodes <paramref name="items"/>[<paramref name="indices"/>] with <paramref name="transforms"/>.</summary>
    /// <param name="items">The items.</param>
    /// <param name="indices">Which items go in this batch.</param>
    /// <param name="transforms">Applied to each image before normalising; must end at CropSize x CropSize.</param>
    /// <param name="preprocessing">Normalisation and size.</param>
    /// <param name="report">Receives the files that failed.</param>
    /// <param name="seed">Seeds random transforms; image i uses seed + index.</param>
    public static DecodedBatch Decode(IReadOnlyList<DataItem> items, IReadOnlyList<int> indices, IReadOnlyList<IImageTransform> transforms,
        Preprocessing preprocessing, LoadReport report, int seed = 0)
    {
        int size = preprocessing.CropSize, plane = 3 * size * size;
        var buffer = new float[indices.Count * plane];
        var ok = new bool[indices.Count];
        Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var item = items[indices[k]];
            try
            {
                using var image = ImageDecoder.LoadRgb(item.Path, report.MaxPixels);
                transforms.ApplyAll(image, new Random(seed + indices[k]));
                if (image.Width != size || image.Height != size)
                    throw new InvalidOperationException($"transforms produced {image.Width}x{image.Height}, expected {size}x{size}");
                PixelTensor.WriteChw(image, preprocessing, buffer.AsSpan(k * plane, plane));
                ok[k] = true;
            }
            catch (ImageDecodeException e)
            {
                report.Skip(item.Path, e.Reason);
            }
        });
        int count = ok.Count(x => x);
        if (count == indices.Count) return new DecodedBatch(buffer, indices.ToArray(), size);
        var packed = new float[count * plane];
        var packedIdx = new int[count];
        for (int k = 0, j = 0; k < indices.Count; k++)
        {
            if (!ok[k]) continue;
            Array.Copy(buffer, k * plane, packed, j * plane, plane);
            packedIdx[j++] = indices[k];
        }
        return new DecodedBatch(packed, packedIdx, size);
    }
}
