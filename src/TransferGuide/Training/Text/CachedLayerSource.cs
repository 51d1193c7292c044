using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Text;
using TransferGuide.Models.Text;
using static TorchSharp.torch;

namespace TransferGuide.Training.Text;

/// <summary>
/// Batches of cached hidden states: the output of a text model's frozen lower layers, computed once per text
/// (<see cref="Build"/>) instead of once per epoch. Frozen layers run in eval mode (no dropout), so their output
/// never changes and training the top layers on the cache gives the same steps as running the whole encoder.
/// Batches are [N, L, H + 1], the attention mask as the last channel (<see cref="TextClassifier"/> reads it), with
/// the same length buckets as the <see cref="TextBatchSource"/> it was built from.
/// The states are kept as 16-bit floats by default: half the memory (SST-2's 6920 training texts after three
/// layers: 150 MB instead of 300 MB, measured in docs/text.md), for a rounding of 1 part in 2048 that a test
/// bounds (the top layers' output stays within 1e-2 of the fp32 path).
/// </summary>
public sealed class CachedLayerSource : IBatchSource
{
    readonly Half[][]? _half;
    readonly float[][]? _full;
    readonly int[] _lengths;
    readonly int _hidden;
    readonly TextBatchSource _texts;

    CachedLayerSource(TextBatchSource texts, Half[][]? half, float[][]? full, int[] lengths, int hidden, int layers)
    {
        _texts = texts; _half = half; _full = full; _lengths = lengths; _hidden = hidden; Layers = layers;
    }

    /// <summary>Lower layers the cache has been through.</summary>
    public int Layers { get; }

    /// <summary>Bytes the cache holds (what it costs in memory).</summary>
    public long Bytes => _half != null ? _half.Sum(s => (long)s.Length * 2) : _full!.Sum(s => (long)s.Length * sizeof(float));

    /// <summary>Whether the states are kept as 16-bit floats.</summary>
    public bool HalfPrecision => _half != null;

    /// <inheritdoc />
    public int Count => _texts.Count;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _texts.Labels;

    /// <summary>
    /// Runs <paramref name="model"/>'s embeddings and lower <paramref name="layers"/> layers over every text of
    /// <paramref name="texts"/> (in eval mode, without gradients) and keeps each text's token vectors, as 16-bit
    /// floats unless <paramref name="halfPrecision"/> is false.
    /// </summary>
    public static CachedLayerSource Build(TextClassifier model, TextBatchSource texts, int layers, int batchSize = 64,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default, bool halfPrecision = true)
    {
        model.eval();
        var device = model.Device;
        int hidden = model.FeatureSize;
        var half = halfPrecision ? new Half[texts.Count][] : null;
        var full = halfPrecision ? null : new float[texts.Count][];
        var lengths = new int[texts.Count];
        int batches = (texts.Count + batchSize - 1) / batchSize, done = 0;
        foreach (var batch in texts.Batches(BatchOrder.Sequential(texts.Count), batchSize, 0, 0))
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var packed = model.LowerLayers(batch.Inputs.ToTensor().to(device), layers).cpu().contiguous();
            long length = packed.shape[1];
            var values = packed.data<float>().ToArray();
            for (int k = 0; k < batch.Count; k++)
            {
                int item = batch.Indices[k], tokens = texts.TokenIds(item).Count;
                if (half != null)
                {
                    var row = new Half[tokens * hidden];
                    for (int t = 0; t < tokens; t++)
                    {
                        int from = (int)((k * length + t) * (hidden + 1));
                        for (int c = 0; c < hidden; c++) row[t * hidden + c] = (Half)values[from + c];
                    }
                    half[item] = row;
                }
                else
                {
                    var row = new float[tokens * hidden];
                    for (int t = 0; t < tokens; t++)
                        Array.Copy(values, (k * length + t) * (hidden + 1), row, t * hidden, hidden);
                    full![item] = row;
                }
                lengths[item] = tokens;
            }
            progress?.Report(new WorkProgress($"cache layers 0-{layers - 1}", ++done, batches, 0));
        }
        return new CachedLayerSource(texts, half, full, lengths, hidden, layers);
    }

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0)
    {
        var batches = LengthBuckets.Batches(order, i => _lengths[i], batchSize, seed, epoch);
        int width = _hidden + 1;
        for (int b = skipBatches; b < batches.Count; b++)
        {
            var indices = batches[b];
            int length = indices.Max(i => _lengths[i]);
            var values = new float[indices.Length * length * width];
            for (int k = 0; k < indices.Length; k++)
            {
                for (int t = 0; t < _lengths[indices[k]]; t++)
                {
                    int at = (k * length + t) * width;
                    if (_half != null)
                    {
                        var row = _half[indices[k]];
                        for (int c = 0; c < _hidden; c++) values[at + c] = (float)row[t * _hidden + c];
                    }
                    else Array.Copy(_full![indices[k]], t * _hidden, values, at, _hidden);
                    values[at + _hidden] = 1; // attention mask: a real token
                }
            }
            var items = _texts.Items;
            yield return new Batch(new FloatInputs(values, [indices.Length, length, width]), indices,
                indices.Select(i => items[i].Label).ToArray(), indices.Select(i => items[i].Id).ToArray());
        }
    }

    /// <inheritdoc />
    public void Dispose() { }
}
