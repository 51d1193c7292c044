using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models.Text;

/// <summary>
/// A BERT-family text encoder in TorchSharp: token, position and segment embeddings, then
/// <see cref="BertConfig.Layers"/> transformer layers. It maps token ids [N, L] and an attention mask [N, L]
/// (1 for tokens, 0 for padding) to one vector per token, <c>last_hidden_state</c> [N, L, H]. The layers can also
/// run in slices (<see cref="Encode"/>), so that the output of frozen lower layers can be computed once and cached.
/// </summary>
public sealed class BertEncoder : Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // TorchSharp names parameters after these fields
    readonly Embedding word_embeddings, position_embeddings, token_type_embeddings;
    readonly LayerNorm embeddings_norm;
    readonly Dropout dropout;
    readonly ModuleList<BertLayer> layer;
#pragma warning restore IDE1006

    /// <summary>An encoder of <paramref name="config"/>'s shape, randomly initialised (load weights with <see cref="BertOnnxWeights"/>).</summary>
    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        Config = config;
        word_embeddings = Embedding(config.VocabSize, config.Hidden);
        position_embeddings = Embedding(config.MaxPositions, config.Hidden);
        token_type_embeddings = Embedding(config.TypeVocabSize, config.Hidden);
        embeddings_norm = LayerNorm(config.Hidden, config.LayerNormEps);
        dropout = Dropout(config.Dropout);
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, config.Layers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>The encoder's shape.</summary>
    public BertConfig Config { get; }

    /// <summary>The transformer layers, bottom first.</summary>
    public IReadOnlyList<BertLayer> Layers => layer.ToList();

    /// <summary>The embedding modules (token, position, segment, their LayerNorm and dropout).</summary>
    public IReadOnlyList<Module> EmbeddingModules => [word_embeddings, position_embeddings, token_type_embeddings, embeddings_norm, dropout];

    /// <summary><c>last_hidden_state</c> [N, L, H] of token ids [N, L] (int64) under an attention mask [N, L] (1 token, 0 padding).</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask) => Encode(Embed(inputIds), attentionMask, 0, Config.Layers);

    /// <summary>The embedding layer's output [N, L, H]: token + position + segment 0, normalised.</summary>
    public Tensor Embed(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        long length = inputIds.shape[1];
        if (length > Config.MaxPositions)
            throw new ArgumentException($"Sequences of {length} tokens are longer than the encoder's {Config.MaxPositions} positions; truncate them.");
        var positions = arange(length, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        var segments = zeros_like(inputIds);
        var sum = word_embeddings.call(inputIds).add_(position_embeddings.call(positions)).add_(token_type_embeddings.call(segments));
        return dropout.call(embeddings_norm.call(sum)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs layers <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) on hidden states [N, L, H];
    /// <c>Encode(Embed(ids), mask, 0, Layers)</c> is the whole encoder.
    /// </summary>
    public Tensor Encode(Tensor hidden, Tensor attentionMask, int from, int to)
    {
        if (from < 0 || to > Config.Layers || from > to) throw new ArgumentOutOfRangeException(nameof(from), $"layers {from}..{to} of {Config.Layers}");
        using var scope = NewDisposeScope();
        var additive = AdditiveMask(attentionMask, hidden.dtype);
        var x = hidden;
        for (int i = from; i < to; i++) x = layer[i].call(x, additive);
        return (from == to ? x.alias() : x).MoveToOuterDisposeScope();
    }

    /// <summary>[N, 1, 1, L]: 0 where the mask is 1, a large negative number where it is 0 (padding gets no attention).</summary>
    public static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var m = attentionMask.to_type(dtype).unsqueeze(1).unsqueeze(2);
        return m.neg().add_(1).mul_(-1e9).MoveToOuterDisposeScope();
    }
}
