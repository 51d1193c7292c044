using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models.Text;

/// <summary>
/// One post-LayerNorm transformer layer as BERT has it: self-attention, add and normalise, a GELU feed-forward
/// block, add and normalise. Module names are short; <see cref="BertOnnxWeights"/> maps Hugging Face's onto them.
/// </summary>
public sealed class BertLayer : Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // TorchSharp names parameters after these fields
    readonly Linear query, key, value, attn_out, ffn_in, ffn_out;
    readonly LayerNorm attn_norm, ffn_norm;
    readonly Dropout dropout;
#pragma warning restore IDE1006
    readonly BertConfig _config;

    /// <summary>A layer of <paramref name="config"/>'s shape, randomly initialised.</summary>
    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        _config = config;
        int h = config.Hidden;
        query = Linear(h, h); key = Linear(h, h); value = Linear(h, h); attn_out = Linear(h, h);
        ffn_in = Linear(h, config.Intermediate); ffn_out = Linear(config.Intermediate, h);
        attn_norm = LayerNorm(h, config.LayerNormEps); ffn_norm = LayerNorm(h, config.LayerNormEps);
        dropout = Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>
    /// Transforms hidden states [N, L, H]. <paramref name="additiveMask"/> is [N, 1, 1, L]: 0 where a token may be
    /// attended to, a large negative number at padding.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], l = x.shape[1];
        int heads = _config.Heads, size = _config.HeadSize;
        Tensor Split(Linear proj) => proj.call(x).view(n, l, heads, size).transpose(1, 2);
        var q = Split(query); var k = Split(key); var v = Split(value);
        var scores = q.matmul(k.transpose(-1, -2)).div_(Math.Sqrt(size)).add_(additiveMask);
        var weights = dropout.call(scores.softmax(-1));
        var context = weights.matmul(v).transpose(1, 2).reshape(n, l, heads * size);
        var attended = attn_norm.call(dropout.call(attn_out.call(context)).add_(x));
        var ffn = ffn_out.call(functional.gelu(ffn_in.call(attended)));
        return ffn_norm.call(dropout.call(ffn).add_(attended)).MoveToOuterDisposeScope();
    }
}
