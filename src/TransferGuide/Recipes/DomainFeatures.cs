using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>
/// One domain's frozen ResNet18 ImageNet features, split by the kit's one policy (<see cref="StratifiedSplit.ForTraining"/>):
/// as a labelled source, <see cref="Train"/> and <see cref="Valid"/>; as an unlabelled target, <see cref="Unlabelled"/>
/// (every non-test row, labels to be ignored) and <see cref="Test"/> (read once, to report).
/// </summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Classes">Class names, in label order.</param>
/// <param name="Unlabelled">Training and validation rows together: what a target domain offers without labels.</param>
/// <param name="Train">Training rows (source).</param>
/// <param name="Valid">Validation rows (source): every choice is made on these.</param>
/// <param name="Test">The test rows (the split reported at the end).</param>
/// <param name="TestName">Which split <see cref="Test"/> is.</param>
/// <param name="Report">Files skipped while loading or extracting.</param>
/// <param name="Extracted">Whether any features had to be computed (false: all came from the cache).</param>
public sealed record DomainFeatures(string Name, IReadOnlyList<string> Classes, FeatureSet Unlabelled, FeatureSet Train, FeatureSet Valid,
    FeatureSet Test, string TestName, LoadReport Report, bool Extracted)
{
    /// <summary>
    /// Features of a catalog dataset (<paramref name="dataset"/>) or a folder of class folders (<paramref name="folder"/>),
    /// from the on-disk feature cache when they were computed before.
    /// </summary>
    /// <param name="dataset">Catalog name, used when <paramref name="folder"/> is null.</param>
    /// <param name="folder">A class-folder tree (optionally under train/ and test/), e.g. one written by <c>tg data corrupt</c>.</param>
    /// <param name="perClass">Quick mode: at most this many images per class from each of the two parts (non-test, test); null for all.</param>
    /// <param name="splitSeed">Seed of the carved validation part and of the quick-mode subset.</param>
    /// <param name="cache">Where features are kept; null for <see cref="FeatureCache.Default"/>.</param>
    /// <param name="maxPixels">Images over this many pixels are skipped and named.</param>
    /// <param name="progress">Item progress while extracting, and lines for people.</param>
    /// <param name="cancel">Stops after the current batch; finished batches stay in the cache.</param>
    public static DomainFeatures Load(string? dataset, string? folder, int? perClass = null, int splitSeed = 42, FeatureCache? cache = null,
        long maxPixels = ImageDecoder.DefaultMaxPixels, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var data = Datasets.Load(dataset, folder, new DatasetLoadOptions(maxPixels, AllowDownload: false, Log: progress?.Log));
        var splits = StratifiedSplit.ForTraining(data, splitSeed);
        var testPaths = splits.Final.Select(i => i.Path).ToHashSet();
        // The non-test rows are extracted as one list in the dataset's own order, so the cache key does not depend on the
        // split seed: every seed and every role (source or target) reuses the same features.
        var pool = Limit(data.Items.Where(i => !testPaths.Contains(i.Path)).ToList(), perClass, splitSeed);
        var test = Limit(splits.Final, perClass, splitSeed);
        var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
        using var model = ModelZoo.Create(spec.Id, data.Classes.Count);
        var weightsId = Quickstart.WeightsId(spec);
        cache ??= FeatureCache.Default();
        bool extracted = false;
        var work = new ActionProgress<WorkProgress>(p => { if (!p.Stage.EndsWith("(cached)", StringComparison.Ordinal)) extracted = true; progress?.Work?.Report(p); });
        var poolSet = FeatureExtractor.Extract(model, weightsId, spec.Preprocessing, pool, data.Report, cache, $"{data.Name} train", progress: work, cancel: cancel);
        var testSet = FeatureExtractor.Extract(model, weightsId, spec.Preprocessing, test, data.Report, cache, $"{data.Name} {splits.FinalName}", progress: work, cancel: cancel);
        var trainPaths = splits.Train.Select(i => i.Path).ToHashSet();
        var validPaths = splits.Valid.Select(i => i.Path).ToHashSet();
        return new DomainFeatures(data.Name, data.Classes, poolSet, Rows(poolSet, trainPaths.Contains), Rows(poolSet, validPaths.Contains), testSet,
            splits.FinalName, data.Report, extracted);
    }

    /// <summary>The rows of <paramref name="set"/> whose file passes <paramref name="keep"/>, in order.</summary>
    public static FeatureSet Rows(FeatureSet set, Func<string, bool> keep)
    {
        var rows = Enumerable.Range(0, set.Count).Where(i => keep(set.Paths[i])).ToList();
        var features = new float[rows.Count * set.Dim];
        for (int j = 0; j < rows.Count; j++) set.Row(rows[j]).CopyTo(features.AsSpan(j * set.Dim, set.Dim));
        return new FeatureSet(features, set.Dim, rows.Select(i => set.Labels[i]).ToArray(), rows.Select(i => set.Paths[i]).ToArray());
    }

    /// <summary>At most <paramref name="perClass"/> items of each class, drawn with a seed, in the original order.</summary>
    static IReadOnlyList<DataItem> Limit(IReadOnlyList<DataItem> items, int? perClass, int seed)
    {
        if (perClass is not { } n) return items;
        var random = new Random(seed);
        var kept = items.GroupBy(i => i.Label).SelectMany(g => g.OrderBy(_ => random.Next()).Take(n)).ToHashSet();
        return items.Where(kept.Contains).ToList();
    }
}
