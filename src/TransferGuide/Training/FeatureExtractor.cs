using System.Diagnostics;
using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Models.Numerics;

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
    /// <param name="frozenOptions">Layout and precision of the folded backbone (ResNets); null for the fastest path the numerics guard has seen give the reference answer on this machine (<see cref="NumericsGuard.FeaturePath"/>).</param>
    public static FeatureSet Extract(ZooModel model, string weightsId, Preprocessing preprocessing, IReadOnlyList<DataItem> items,
        LoadReport report, FeatureCache? cache = null, string stage = "features", int batchSize = 32,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default, Device? device = null,
        FrozenResNetOptions? frozenOptions = null)
    {
        int dim = model.FeatureSize;
        var guarded = frozenOptions == null && model is ResNet && (device ?? CPU).type == DeviceType.CPU ? NumericsGuard.FeaturePath() : null;
        var options = frozenOptions ?? guarded?.FrozenOptions ?? FrozenResNetOptions.Default;
        // bf16 features differ slightly from fp32 ones, so they must not share a cache entry.
        string? key = cache == null ? null : FeatureCache.Key(weightsId + (model is ResNet ? options.CacheTag : ""), preprocessing, items);
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
        // ResNets: BatchNorm folded into the convolutions, in the fastest layout measured (tg bench): same features,
        // less work. Other zoo models run as they are.
        using var frozen = model is ResNet resnet ? new FrozenResNet(resnet, options) : null;
        using var oneDnnOff = guarded is { OneDnnOff: true } ? TransferGuide.Core.Native.OneDnn.Disable() : null;
        var clock = Stopwatch.StartNew();
        int doneThisRun = 0;
        progress?.Report(new WorkProgress(stage, rows.Count, items.Count, 0));

        List<int> BatchIndices(int start) => todo.GetRange(start, Math.Min(batchSize, todo.Count - start));
        // The next batch decodes while this one runs through the network, so the cores never wait on JPEG decoding.
        Task<DecodedBatch>? next = todo.Count > 0
            ? Task.Run(() => ImageBatchDecoder.Decode(items, BatchIndices(0), transforms, preprocessing, report))
            : null;
        for (int start = 0; start < todo.Count; start += batchSize)
        {
            var indices = BatchIndices(start);
            var batch = next!.GetAwaiter().GetResult();
            int following = start + batchSize;
            next = following < todo.Count && !cancel.IsCancellationRequested
                ? Task.Run(() => ImageBatchDecoder.Decode(items, BatchIndices(following), transforms, preprocessing, report))
                : null;
            cancel.ThrowIfCancellationRequested();
            foreach (var i in indices.Except(batch.Indices)) failed.Add(i);
            var fresh = new List<(int, ReadOnlyMemory<float>)>();
            if (batch.Count > 0)
            {
                using var scope = NewDisposeScope();
                var input = tensor(batch.Pixels, [batch.Count, 3, batch.Size, batch.Size]).to(device);
                var output = (frozen != null ? frozen.Features(input) : model.Features(input)).cpu().contiguous();
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
