namespace TransferGuide.Models.Text;

/// <summary>The shape of a BERT-family encoder.</summary>
/// <param name="VocabSize">WordPiece vocabulary size.</param>
/// <param name="Hidden">Width of every token vector.</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="Heads">Attention heads per layer.</param>
/// <param name="Intermediate">Width of each layer's feed-forward block.</param>
/// <param name="MaxPositions">Longest sequence the position table covers.</param>
/// <param name="TypeVocabSize">Segment types (sentence A/B).</param>
/// <param name="LayerNormEps">Epsilon of every LayerNorm.</param>
/// <param name="Dropout">Dropout on hidden states and attention weights while training.</param>
public sealed record BertConfig(int VocabSize, int Hidden, int Layers, int Heads, int Intermediate, int MaxPositions = 512,
    int TypeVocabSize = 2, double LayerNormEps = 1e-12, double Dropout = 0.1)
{
    /// <summary>all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads of 32, feed-forward 1536, vocabulary 30,522.</summary>
    public static BertConfig MiniLmL6 { get; } = new(30522, 384, 6, 12, 1536);

    /// <summary>Width of one attention head.</summary>
    public int HeadSize => Hidden / Heads;
}
