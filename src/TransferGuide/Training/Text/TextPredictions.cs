using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Text;
using TransferGuide.Models.Text;
using static TorchSharp.torch;

namespace TransferGuide.Training.Text;

/// <summary>Runs a text classifier over texts: predictions for evaluation, pooled sentence vectors for feature extraction.</summary>
public static class TextPredictions
{
    /// <summary>Softmax predictions of <paramref name="model"/> on every text of <paramref name="texts"/>, in item order.</summary>
    public static ClassificationResult Predict(TextClassifier model, IReadOnlyList<string> classes, TextBatchSource texts, int batchSize = 64,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var features = Pooled(model, texts, batchSize, progress, cancel);
        return FromFeatures(model, classes, features);
    }

    /// <summary>Predictions of <paramref name="model"/>'s head on pooled <paramref name="features"/>.</summary>
    public static ClassificationResult FromFeatures(TextClassifier model, IReadOnlyList<string> classes, FeatureSet features)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        float[] probs = features.Count == 0 ? []
            : model.Head(tensor(features.Features, [features.Count, features.Dim]).to(model.Device)).softmax(1).cpu().contiguous().data<float>().ToArray();
        return new ClassificationResult(classes, features.Labels, probs, features.Paths);
    }

    /// <summary>The pooled sentence vector of every text (eval mode, no gradients), in item order, ids as item ids.</summary>
    public static FeatureSet Pooled(TextClassifier model, TextBatchSource texts, int batchSize = 64,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        model.eval();
        int dim = model.FeatureSize;
        var features = new float[texts.Count * dim];
        int batches = (texts.Count + batchSize - 1) / batchSize, done = 0;
        foreach (var batch in texts.Batches(BatchOrder.Sequential(texts.Count), batchSize, 0, 0))
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var pooled = model.Features(batch.Inputs.ToTensor().to(model.Device)).cpu().contiguous().data<float>().ToArray();
            for (int k = 0; k < batch.Count; k++) Array.Copy(pooled, k * dim, features, batch.Indices[k] * dim, dim);
            progress?.Report(new WorkProgress("encode", ++done, batches, 0));
        }
        return new FeatureSet(features, dim, texts.Items.Select(i => i.Label).ToArray(), texts.Items.Select(i => i.Id).ToArray());
    }
}
