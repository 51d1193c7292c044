using TransferGuide.Core;

namespace TransferGuide.Data.Text;

/// <summary>
/// Serves labelled texts as batches of token ids [N, L] (<see cref="TokenInputs"/>), each batch padded with [PAD]
/// to its longest text and built from texts of similar length (<see cref="LengthBuckets"/>). Texts are tokenised
/// once, up front, and cut at <see cref="TokenizerSettings.MaxTokens"/>; <see cref="Truncated"/> counts the cut ones.
/// With an augmentation (e.g. an EDA operation's <c>Apply</c>), each text is changed anew for every (seed, epoch)
/// and tokenised in the batch.
/// </summary>
public sealed class TextBatchSource : IBatchSource
{
    readonly IReadOnlyList<TextExample> _items;
    readonly WordPieceTokenizer _tokenizer;
    readonly long[][] _ids;
    readonly Func<string, Random, string>? _augment;
    int[]? _labels;

    /// <summary>Tokenises <paramref name="items"/>; <paramref name="augment"/> (training only) rewrites a text with a seeded random source.</summary>
    public TextBatchSource(IReadOnlyList<TextExample> items, WordPieceTokenizer tokenizer, Func<string, Random, string>? augment = null)
    {
        _items = items; _tokenizer = tokenizer; _augment = augment;
        _ids = new long[items.Count][];
        int truncated = 0;
        Parallel.For(0, items.Count, i =>
        {
            var (ids, cut) = tokenizer.Encode(items[i].Text);
            _ids[i] = ids;
            if (cut) Interlocked.Increment(ref truncated);
        });
        Truncated = truncated;
    }

    /// <summary>Items served.</summary>
    public int Count => _items.Count;

    /// <summary>The texts, in item order.</summary>
    public IReadOnlyList<TextExample> Items => _items;

    /// <summary>Texts longer than <see cref="TokenizerSettings.MaxTokens"/> tokens, cut to fit (before augmentation).</summary>
    public int Truncated { get; }

    /// <summary>The tokenizer.</summary>
    public WordPieceTokenizer Tokenizer => _tokenizer;

    /// <summary>Token ids of item <paramref name="index"/>, [CLS] … [SEP], as tokenised up front.</summary>
    public IReadOnlyList<long> TokenIds(int index) => _ids[index];

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels ??= _items.Select(i => i.Label).ToArray();

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0)
    {
        var batches = LengthBuckets.Batches(order, i => _ids[i].Length, batchSize, seed, epoch);
        for (int b = skipBatches; b < batches.Count; b++)
        {
            var indices = batches[b];
            var ids = _augment == null ? indices.Select(i => _ids[i]).ToArray()
                : indices.Select(i => _tokenizer.Encode(_augment(_items[i].Text, new Random(Reproducibility.Mix(seed, epoch, i)))).Ids).ToArray();
            yield return new Batch(Pad(ids, _tokenizer.PadId), indices, indices.Select(i => _items[i].Label).ToArray(), indices.Select(i => _items[i].Id).ToArray());
        }
    }

    /// <summary>Token id rows padded with <paramref name="padId"/> to the longest, as one [N, L] input.</summary>
    public static TokenInputs Pad(IReadOnlyList<long[]> rows, long padId)
    {
        int length = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var values = new long[rows.Count * length];
        if (padId != 0) Array.Fill(values, padId);
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(values, i * length);
        return new TokenInputs(values, [rows.Count, length]);
    }

    /// <inheritdoc />
    public void Dispose() { }
}
