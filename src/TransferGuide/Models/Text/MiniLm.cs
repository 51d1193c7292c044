using static TorchSharp.torch;

namespace TransferGuide.Models.Text;

/// <summary>The pretrained all-MiniLM-L6-v2 encoder, with its weights from <see cref="MiniLmPackage"/>.</summary>
public static class MiniLm
{
    /// <summary>Architecture id of the encoder in checkpoints and run folders.</summary>
    public const string Id = "minilm_l6";

    static readonly Lazy<Dictionary<string, Tensor>> Weights = new(() =>
        BertOnnxWeights.ReadStateDict(MiniLmPackage.OnnxModel(), MiniLmPackage.Dll() + " (model.onnx)"));

    /// <summary>
    /// A new encoder holding the pretrained weights (its own copy: fine-tuning it leaves others alone). The ONNX is
    /// parsed once per process. <paramref name="dropout"/> applies while training.
    /// </summary>
    public static BertEncoder Create(double dropout = 0.1)
    {
        var encoder = new BertEncoder(BertConfig.MiniLmL6 with { Dropout = dropout });
        lock (Weights) BertOnnxWeights.LoadInto(encoder, Weights.Value, "all-MiniLM-L6-v2 (" + MiniLmPackage.PackageId + ")");
        encoder.eval();
        return encoder;
    }

    /// <summary>An encoder of the same shape with random weights (to load a checkpoint into).</summary>
    public static BertEncoder CreateUntrained(double dropout = 0.1) => new(BertConfig.MiniLmL6 with { Dropout = dropout });
}
