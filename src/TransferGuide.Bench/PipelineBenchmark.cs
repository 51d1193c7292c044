using System.Diagnostics;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Bench;

/// <summary>What the input-pipeline benchmark measured.</summary>
/// <param name="Images">Images per epoch.</param>
/// <param name="ColdImagesPerSecond">First epoch: read, decode, resize, random crop and flip, normalise into floats.</param>
/// <param name="WarmImagesPerSecond">Second epoch: the decoded, resized images are kept, so only crop, flip and normalise.</param>
/// <param name="PeakRssMb">Peak resident memory of the process, MB.</param>
/// <param name="Skipped">Files that failed to decode.</param>
public sealed record PipelineResult(int Images, double ColdImagesPerSecond, double WarmImagesPerSecond, double PeakRssMb, int Skipped);

/// <summary>The input pipeline alone, as the Learner drives it (<see cref="ImageBatchSource"/> with training augmentation), no model.</summary>
public static class PipelineBenchmark
{
    /// <summary>Loads the training split of <paramref name="dataset"/> (the first <paramref name="images"/> files; 0 for all) and times two epochs.</summary>
    public static PipelineResult Run(string dataset, int images = 0, int batchSize = 32)
    {
        var data = Datasets.Load(dataset);
        var items = Learner.SplitFor(data, 42).Train;
        if (images > 0) items = items.Take(images).ToList();
        var p = Preprocessing.CntkResNet;
        using var source = new ImageBatchSource(items, Transforms.Train(p), p, data.Report);
        double Epoch(int epoch)
        {
            var clock = Stopwatch.StartNew();
            int n = 0;
            foreach (var batch in source.Batches(source.Order(42, epoch, shuffle: true), batchSize, 42, epoch)) n += batch.Count;
            return n / clock.Elapsed.TotalSeconds;
        }
        double cold = Epoch(0), warm = Epoch(1);
        return new PipelineResult(items.Count, cold, warm, ProcessMemory.PeakRssMb(), data.Report.Skipped.Count);
    }
}
