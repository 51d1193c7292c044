using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

using static TorchSharp.torch;

namespace TransferGuide.Evaluation;

/// <summary>A model's predictions on a list of items, with the pooled features behind them (for embedding plots).</summary>
/// <param name="Result">Probabilities, labels and paths of the items that decoded.</param>
/// <param name="Features">Row-major <c>items × FeatureSize</c> pooled features, in the same order.</param>
/// <param name="FeatureSize">Width of each feature row.</param>
public sealed record Predictions(ClassificationResult Result, float[] Features, int FeatureSize);

/// <summary>Runs a trained model over items with its evaluation preprocessing (resize, centre crop, normalise).</summary>
public static class Predictor
{
    /// <summary>Predicts every item; files that fail to decode are reported in <paramref name="report"/> and left out.</summary>
    /// <remarks>
    /// <paramref name="architecture"/> is the model's zoo id: on a CPU its inference path is the one the numerics
    /// guard has seen give the reference answer.
    /// </remarks>
    public static Predictions Predict(ResNet model, IReadOnlyList<string> classes, IReadOnlyList<DataItem> items, Preprocessing preprocessing,
        LoadReport report, int batchSize = 32, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default,
        string architecture = ModelZoo.ResNet18ImageNet)
    {
        model.eval();
        var device = model.Fc.weight!.device;
        using var numerics = device.type == TorchSharp.DeviceType.CPU ? TransferGuide.Models.Numerics.NumericsGuard.Apply(TransferGuide.Models.Numerics.NumericsGuard.InferencePath(architecture), model) : null;
        using var source = new ImageBatchSource(items, Transforms.Eval(preprocessing), preprocessing, report);
        var probs = new List<float>(); var features = new List<float>(); var labels = new List<int>(); var paths = new List<string>();
        int batches = (items.Count + batchSize - 1) / batchSize, done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var batch in source.Batches(source.Order(0, 0, shuffle: false), batchSize, 0, 0))
        {
            cancel.ThrowIfCancellationRequested();
            if (batch.Count > 0)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var x = tensor(batch.Pixels, [batch.Count, 3, batch.Size, batch.Size]).to(device);
                var f = model.Features(x);
                probs.AddRange(model.Head(f).softmax(1).cpu().contiguous().data<float>().ToArray());
                features.AddRange(f.cpu().contiguous().data<float>().ToArray());
                labels.AddRange(batch.Indices.Select(i => items[i].Label));
                paths.AddRange(batch.Indices.Select(i => items[i].Path));
            }
            done++;
            progress?.Report(new WorkProgress("predict", done, batches, paths.Count / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
        }
        return new Predictions(new ClassificationResult(classes, labels.ToArray(), probs.ToArray(), paths.ToArray()), features.ToArray(), model.FeatureSize);
    }
}
