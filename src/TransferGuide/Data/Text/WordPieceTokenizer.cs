using FastBertTokenizer;

namespace TransferGuide.Data.Text;

/// <summary>
/// BERT's WordPiece tokenisation (FastBertTokenizer) over a vocabulary given as lines: lower-casing and accent
/// stripping for uncased models, [CLS] … [SEP] around every text, and truncation at
/// <see cref="TokenizerSettings.MaxTokens"/> (the last kept token is [SEP], as Hugging Face truncates).
/// Safe to call from several threads.
/// </summary>
public sealed class WordPieceTokenizer
{
    readonly BertTokenizer _tokenizer = new();
    readonly long _sep;

    /// <summary>A tokenizer over <paramref name="vocabulary"/> (token per line, id = line index).</summary>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary, TokenizerSettings settings)
    {
        if (settings.MaxTokens < 3) throw new ArgumentOutOfRangeException(nameof(settings), "MaxTokens must leave room for [CLS], a token and [SEP].");
        Settings = settings;
        _tokenizer.LoadVocabulary(new StringReader(string.Join('\n', vocabulary)), convertInputToLowercase: settings.Lowercase);
        _sep = IdOf(vocabulary, "[SEP]");
        PadId = IdOf(vocabulary, "[PAD]");
    }

    static long IdOf(IReadOnlyList<string> vocabulary, string token)
    {
        for (int i = 0; i < vocabulary.Count; i++) if (vocabulary[i] == token) return i;
        throw new InvalidDataException($"The vocabulary has no {token} token; it is not a BERT WordPiece vocabulary.");
    }

    /// <summary>The settings.</summary>
    public TokenizerSettings Settings { get; }

    /// <summary>Id of [PAD]; batches are padded with it, and the encoder masks it out.</summary>
    public long PadId { get; }

    /// <summary>The token ids of <paramref name="text"/>, and whether it was cut to fit <see cref="TokenizerSettings.MaxTokens"/>.</summary>
    public (long[] Ids, bool Truncated) Encode(string text)
    {
        int max = Settings.MaxTokens;
        long[] ids;
        // One token more than allowed tells a text that fits exactly from one that was cut.
        lock (_tokenizer) ids = _tokenizer.Encode(text, max + 1).InputIds.ToArray();
        if (ids.Length <= max) return (ids, false);
        var cut = ids[..max];
        cut[^1] = _sep;
        return (cut, true);
    }
}
