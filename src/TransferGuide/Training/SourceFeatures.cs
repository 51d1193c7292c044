using TorchSharp;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Models.Numerics;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// The frozen backbone's pooled features for any batch source whose inputs the model takes (spectrogram pictures,
/// images made by code): eval mode, no gradients, a DisposeScope per batch. Items the source leaves out (a clip that
/// cannot be decoded) are left out here too. <see cref="FeatureExtractor"/> is the image-file path with its cache.
/// </summary>
public static class SourceFeatures
{
    /// <summary>Features of every item <paramref name="source"/> serves, in item order.</summary>
    /// <param name="model">The network; only its backbone runs.</param>
    /// <param name="source">The batches (read in order, epoch 0, so augmentation-free sources give their plain inputs).</param>
    /// <param name="architecture">The model's zoo id, for the numerics guard's probed inference path; null runs it as it is.</param>
    /// <param name="batchSize">Items per forward pass.</param>
    /// <param name="stage">Label for progress.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancel">Stops after the current batch.</param>
    public static FeatureSet Extract(ZooModel model, IBatchSource source, string? architecture = null, int batchSize = 32, string stage = "features",
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        int dim = model.FeatureSize;
        model.eval();
        var device = model.Device;
        using var numerics = architecture != null && device.type == DeviceType.CPU && ModelZoo.Available.Any(s => s.Id == architecture)
            ? NumericsGuard.Apply(NumericsGuard.InferencePath(architecture), model) : null;
        var features = new List<float>(source.Count * dim);
        var labels = new List<int>(source.Count);
        var ids = new List<string>(source.Count);
        int batches = (source.Count + batchSize - 1) / batchSize, done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var batch in source.Batches(BatchOrder.Sequential(source.Count), batchSize, 0, 0))
        {
            cancel.ThrowIfCancellationRequested();
            if (batch.Count > 0)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var f = model.Features(batch.Inputs.ToTensor().to(device));
                features.AddRange(f.reshape(batch.Count, dim).cpu().contiguous().data<float>().ToArray());
                labels.AddRange(batch.Labels);
                ids.AddRange(batch.Ids);
            }
            done++;
            progress?.Report(new WorkProgress(stage, done, batches, clock.Elapsed.TotalSeconds > 0 ? labels.Count / clock.Elapsed.TotalSeconds : 0));
        }
        return new FeatureSet(features.ToArray(), dim, labels.ToArray(), ids.ToArray());
    }
}
