using static TorchSharp.torch;

namespace TransferGuide.Models.Text;

/// <summary>The pretrained all-MiniLM-L6-v2 encoder, with its weights from <see cref="MiniLmPackage"/>.</summary>
public static class MiniLm
{
    /// <summary>Architecture id of the encoder in checkpoints and run folders.</summary>
    public const string Id = "minilm_l6";

    /// <summary>
    /// A new encoder holding the pretrained weights (its own copy: fine-tuning it leaves others alone).
    /// <paramref name="dropout"/> applies while training. The ONNX is parsed on each call (about a second) rather
    /// than kept: a kept copy of the weights would cost every text run 90 MB of its memory peak.
    /// </summary>
    public static BertEncoder Create(double dropout = 0.1)
    {
        var encoder = new BertEncoder(BertConfig.MiniLmL6 with { Dropout = dropout });
        var state = BertOnnxWeights.ReadStateDict(MiniLmPackage.OnnxModel(), MiniLmPackage.Dll() + " (model.onnx)");
        try { BertOnnxWeights.LoadInto(encoder, state, "all-MiniLM-L6-v2 (" + MiniLmPackage.PackageId + ")"); }
        finally { foreach (var t in state.Values) t.Dispose(); }
        encoder.eval();
        // The parsed ONNX (twice the weights' 90 MB, in managed memory) is garbage now; hand it back to the OS at
        // once rather than let it sit under the cache and the training steps that come next.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return encoder;
    }

    /// <summary>An encoder of the same shape with random weights (to load a checkpoint into).</summary>
    public static BertEncoder CreateUntrained(double dropout = 0.1) => new(BertConfig.MiniLmL6 with { Dropout = dropout });
}
