using System.Diagnostics;
using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Runs the frozen backbone over images once (eval mode, no_grad, a DisposeScope per batch) and keeps
/// the pooled features, on disk as well when a <see cref="FeatureCache"/> is given.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>Extracts features of <paramref name="items"/>; failed files go to <paramref name="report"/> and are left out.</summary>
    /// <param name="model">The network; its backbone is used as is.</param>
    /// <param name="weightsId">Identifies the backbone weights in cache keys.</param>
    /// <param name="preprocessing">How to feed it.</param>
    /// <param name="items">The items.</param>
    /// <param name="report">Receives skipped files.</param>
    /// <param name="cache">Where to keep features; null to keep nothing.</param>
    /// <param name="stage">Label for progress, e.g. "train".</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancel">Stops after the current batch; finished batches stay in the cache's partial file.</param>
    /// <param name="device">Where to run; default CPU.</param>
    public static FeatureSet Extract(ZooModel model, string weightsId, Preprocessing preprocessing, IReadOnlyList<DataItem> items,
        LoadReport report, FeatureCache? cache = null, string stage = "features", int batchSize = 32,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default, Device? device = null)
    {
        int dim = model.FeatureSize;
        string? key = cache == null ? null : FeatureCache.Key(weightsId, preprocessing, items);
        if (cache != null && cache.TryLoad(key!, report) is { } cached)
        {
            progress?.Report(new WorkProgress(stage + " (cached)", cached.Count, cached.Count, 0));
            return cached;
        }

        var rows = cache?.LoadPartial(key!, dim) ?? [];
        var todo = Enumerable.Range(0, items.Count).Where(i => !rows.ContainsKey(i)).ToList();
        var failed = new HashSet<int>();
        var transforms = Transforms.Eval(preprocessing);
        device ??= CPU;
        model.eval();
        var clock = Stopwatch.StartNew();
        int doneThisRun = 0;
        progress?.Report(new WorkProgress(stage, rows.Count, items.Count, 0));

        for (int start = 0; start < todo.Count; start += batchSize)
        {
            cancel.ThrowIfCancellationRequested();
            var indices = todo.GetRange(start, Math.Min(batchSize, todo.Count - start));
            var batch = ImageBatchDecoder.Decode(items, indices, transforms, preprocessing, report);
            foreach (var i in indices.Except(batch.Indices)) failed.Add(i);
            var fresh = new List<(int, ReadOnlyMemory<float>)>();
            if (batch.Count > 0)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var input = tensor(batch.Pixels, [batch.Count, 3, batch.Size, batch.Size]).to(device);
                var output = model.Features(input).cpu().contiguous();
                var values = output.data<float>().ToArray();
                for (int k = 0; k < batch.Count; k++)
                {
                    var row = values.AsSpan(k * dim, dim).ToArray();
                    rows[batch.Indices[k]] = row;
                    fresh.Add((batch.Indices[k], row));
                }
            }
            cache?.AppendPartial(key!, fresh);
            doneThisRun += indices.Count;
            progress?.Report(new WorkProgress(stage, rows.Count + failed.Count, items.Count, doneThisRun / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }

        var order = Enumerable.Range(0, items.Count).Where(rows.ContainsKey).ToList();
        var features = new float[order.Count * dim];
        for (int j = 0; j < order.Count; j++) rows[order[j]].CopyTo(features, j * dim);
        var set = new FeatureSet(features, dim, order.Select(i => items[i].Label).ToArray(), order.Select(i => items[i].Path).ToArray());
        var failedPaths = failed.Select(i => items[i].Path).ToHashSet();
        cache?.Save(key!, set, report.Skipped.Where(s => failedPaths.Contains(s.Path)).ToList());
        return set;
    }
}
