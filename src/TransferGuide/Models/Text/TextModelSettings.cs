using TransferGuide.Data.Text;

namespace TransferGuide.Models.Text;

/// <summary>How sentence vectors are made from token vectors.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TextPooling>))]
public enum TextPooling
{
    /// <summary>The mean over real tokens (the attention mask), as sentence-transformers pools all-MiniLM-L6-v2.</summary>
    Mean,
    /// <summary>The vector of the first token, [CLS], as BERT's classifiers use it.</summary>
    Cls,
}

/// <summary>Everything a text classifier needs besides its weights; stored in text checkpoints.</summary>
/// <param name="Encoder">Encoder id (<see cref="MiniLm.Id"/>).</param>
/// <param name="Tokenizer">How texts become token ids.</param>
/// <param name="Pooling">How token vectors become one vector.</param>
/// <param name="Dropout">Dropout inside the encoder and before the head while training.</param>
public sealed record TextModelSettings(string Encoder, TokenizerSettings Tokenizer, TextPooling Pooling = TextPooling.Mean, double Dropout = 0.1)
{
    /// <summary>The kit's text default: all-MiniLM-L6-v2, lower-cased WordPiece cut at 128 tokens, mean pooling.</summary>
    public static TextModelSettings MiniLmDefault { get; } = new(MiniLm.Id, new TokenizerSettings(MiniLm.Id));
}
