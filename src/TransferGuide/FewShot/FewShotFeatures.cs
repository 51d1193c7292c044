using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.FewShot;

/// <summary>A dataset as few-shot learning sees it: the frozen features of every image, whatever its split, and the class names.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Classes">Class names, by class index.</param>
/// <param name="Features">Pooled backbone features of every readable image.</param>
/// <param name="Model">Zoo id of the backbone.</param>
/// <param name="Seconds">Time to load (or extract) the features.</param>
/// <param name="Cached">Whether the features came from the on-disk cache.</param>
public sealed record FewShotData(string Dataset, IReadOnlyList<string> Classes, FeatureSet Features, string Model, double Seconds, bool Cached);

/// <summary>
/// Frozen ImageNet ResNet18 features of a whole dataset, computed once and kept in the <see cref="FeatureCache"/>:
/// few-shot episodes split by class, not by file, so train and test images are pooled.
/// </summary>
public static class FewShotFeatures
{
    /// <summary>The features of a catalog dataset or a folder of class folders.</summary>
    /// <param name="dataset">Catalog name (e.g. "oxford_flowers17"), or null with <paramref name="dataDir"/>.</param>
    /// <param name="dataDir">A folder of class folders; wins over <paramref name="dataset"/>.</param>
    /// <param name="cache">Feature cache; null for <see cref="FeatureCache.Default"/>.</param>
    /// <param name="progress">Receives extraction progress (one "(cached)" report when cached).</param>
    /// <param name="cancel">Stops after the current batch; finished batches stay cached.</param>
    /// <param name="log">Receives a line about the dataset.</param>
    public static FewShotData Load(string? dataset = "oxford_flowers17", string? dataDir = null, FeatureCache? cache = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default, Action<string>? log = null)
    {
        Core.Native.TorchRuntime.EnsureLoaded();
        var data = Datasets.Load(dataDir == null ? dataset : null, dataDir, new DatasetLoadOptions(AllowDownload: false, Log: log));
        return Extract(data, cache, progress, cancel, log);
    }

    /// <summary>The features of every image of a loaded dataset.</summary>
    /// <param name="data">The dataset (all splits are used).</param>
    /// <param name="cache">Feature cache; null for <see cref="FeatureCache.Default"/>.</param>
    /// <param name="progress">Receives extraction progress (one "(cached)" report when cached).</param>
    /// <param name="cancel">Stops after the current batch; finished batches stay cached.</param>
    /// <param name="log">Receives a line about the dataset.</param>
    public static FewShotData Extract(ImageDataset data, FeatureCache? cache = null, IProgress<WorkProgress>? progress = null,
        CancellationToken cancel = default, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        Core.Native.TorchRuntime.EnsureLoaded();
        log?.Invoke($"{data.Name}: {data.Classes.Count} classes, {data.Items.Count} images (all splits pooled: episodes split by class)");
        var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
        using var model = ModelZoo.Create(spec.Id, data.Classes.Count);
        bool cached = true;
        var watch = new ActionProgress<WorkProgress>(p => { if (!p.Stage.EndsWith("(cached)")) cached = false; progress?.Report(p); });
        var features = FeatureExtractor.Extract(model, PretrainedWeights.CacheId(spec), spec.Preprocessing, data.Items, data.Report, cache ?? FeatureCache.Default(),
            "features", progress: watch, cancel: cancel);
        return new FewShotData(data.Name, data.Classes, features, spec.Id, clock.Elapsed.TotalSeconds, cached);
    }

}
