namespace TransferGuide.Data.Text;

/// <summary>How texts become token ids; stored in text checkpoints so that evaluation tokenises as training did.</summary>
/// <param name="Vocabulary">Which vocabulary: the encoder's id (e.g. minilm_l6, whose vocab.txt ships with its weights).</param>
/// <param name="Lowercase">Lower-case and strip accents first (uncased models expect it).</param>
/// <param name="MaxTokens">Longest token sequence, [CLS] and [SEP] included; longer texts are cut and counted.</param>
public sealed record TokenizerSettings(string Vocabulary, bool Lowercase = true, int MaxTokens = 128)
{
    /// <summary>The default truncation length.</summary>
    public const int DefaultMaxTokens = 128;
}
