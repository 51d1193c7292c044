using System.Text.Json;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>
/// The frozen ImageNet ResNet18's features of audio clips (plain spectrogram pictures, no augmentation), kept in the
/// on-disk <see cref="FeatureCache"/> keyed by the weights, the spectrogram settings and the exact files, so a second run
/// of any experiment on the same clips skips the network entirely.
/// </summary>
public static class AudioFeatures
{
    /// <summary>Features of <paramref name="items"/> (rows in path order; clips that cannot be used are left out and reported).</summary>
    /// <param name="items">The clips (any splits).</param>
    /// <param name="settings">Sample rate, spectrogram and picture size.</param>
    /// <param name="report">Receives the clips left out.</param>
    /// <param name="cache">Where features are kept; null: no cache.</param>
    /// <param name="batchSize">Clips per forward pass.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancel">Stops after the current batch.</param>
    public static FeatureSet Extract(IReadOnlyList<DataItem> items, AudioInputSettings settings, LoadReport report, FeatureCache? cache,
        int batchSize = 32, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        // Path order makes the key depend on the clips alone, not on how a seed happened to split them.
        var ordered = items.OrderBy(i => i.Path, StringComparer.Ordinal).Select(i => i with { Split = "all" }).ToList();
        var resolved = settings.Resolved();
        var key = FeatureCache.Key($"{ModelZoo.ResNet18ImageNet}|audio|{JsonSerializer.Serialize(resolved, JsonDefaults.SnakeCase)}", resolved.Normalisation, ordered);
        if (cache?.TryLoad(key, report) is { } cached)
        {
            progress?.Report(new WorkProgress("features (cached)", 1, 1, 0));
            return cached;
        }
        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, 2, pretrained: true);
        var own = new LoadReport();
        var source = new AudioBatchSource(ordered, resolved, report: own);
        var set = SourceFeatures.Extract(model, source, ModelZoo.ResNet18ImageNet, batchSize, "features", progress, cancel);
        foreach (var s in own.Skipped) report.Skip(s.Path, s.Reason);
        cache?.Save(key, set, own.Skipped);
        return set;
    }

    /// <summary>The rows of <paramref name="all"/> for <paramref name="items"/>, in their order; items without a row (skipped clips) are left out.</summary>
    public static FeatureSet Select(FeatureSet all, IEnumerable<DataItem> items)
    {
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < all.Count; i++) row[all.Paths[i]] = i;
        var picked = items.Where(i => row.ContainsKey(i.Path)).Select(i => row[i.Path]).ToList();
        var features = new float[picked.Count * all.Dim];
        for (int k = 0; k < picked.Count; k++) all.Row(picked[k]).CopyTo(features.AsSpan(k * all.Dim, all.Dim));
        return new FeatureSet(features, all.Dim, picked.Select(i => all.Labels[i]).ToArray(), picked.Select(i => all.Paths[i]).ToArray());
    }
}
