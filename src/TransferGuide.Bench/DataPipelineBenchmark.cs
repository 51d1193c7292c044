using System.Diagnostics;
using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

using static TorchSharp.torch;

namespace TransferGuide.Bench;

/// <summary>One measured stage: what ran, with how many workers, and how fast.</summary>
/// <param name="Stage">What was timed.</param>
/// <param name="Workers">Worker threads (0 where not applicable).</param>
/// <param name="Images">Images processed.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record PipelineFigure(string Stage, int Workers, int Images, double Seconds)
{
    /// <summary>Images per second.</summary>
    public double ImagesPerSecond => Images / Math.Max(Seconds, 1e-9);
}

/// <summary>Options of <see cref="PipelineBenchmark.Run"/>.</summary>
/// <param name="Images">How many images of the dataset to use (the first N of the training split).</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="ImageSize">Input side (null: the model's 224).</param>
/// <param name="WorkerCounts">Worker counts to compare.</param>
/// <param name="ForwardBatches">Batches timed for the model's forward rate (0 skips it).</param>
/// <param name="DiskCacheFolder">Folder for the disk-cache stage (null: a temporary folder, deleted after).</param>
public sealed record PipelineBenchmarkOptions(int Images = 160, int BatchSize = 32, int? ImageSize = null, int[]? WorkerCounts = null,
    int ForwardBatches = 3, string? DiskCacheFolder = null);

/// <summary>
/// Measures the data pipeline alone (decode + resize + augment + normalise, cold and from the caches) with
/// 1 and 2 workers, and the model's forward rate next to it, so you can see whether the model waits for data.
/// </summary>
public static class DataPipelineBenchmark
{
    /// <summary>Runs every stage; <paramref name="log"/> receives each figure as it is measured.</summary>
    public static IReadOnlyList<PipelineFigure> Run(ImageDataset data, PipelineBenchmarkOptions? options = null, Action<PipelineFigure>? log = null, CancellationToken cancel = default)
    {
        options ??= new PipelineBenchmarkOptions();
        var spec = ModelZoo.Spec(ModelZoo.ResNet18ImageNet);
        var p = options.ImageSize is { } size
            ? spec.Preprocessing with { CropSize = size, ResizeShorterSide = (int)Math.Round(size * 256.0 / 224) }
            : spec.Preprocessing;
        var pool = data.Splits.Contains("train") ? data.Split("train") : data.Items;
        var items = pool.Take(options.Images).ToList();
        if (items.Count == 0) throw new ArgumentException($"{data.Name} has no images to benchmark.");
        var figures = new List<PipelineFigure>();
        void Add(PipelineFigure f) { figures.Add(f); log?.Invoke(f); }
        var train = Transforms.Train(p);

        foreach (int workers in options.WorkerCounts ?? [1, 2])
        {
            cancel.ThrowIfCancellationRequested();
            using var source = new ImageBatchSource(items, train, p, new LoadReport(), new PipelineOptions(Workers: workers, Prefetch: 1));
            Add(Time($"decode + resize + augment + normalise (cold, {Transforms.Train(p).Count} transforms)", workers, () => Epoch(source, options.BatchSize, 0)));
            Add(Time("augment + normalise from the memory cache", workers, () => Epoch(source, options.BatchSize, 1)));
            Add(Time("strong augmentation from the memory cache", workers, () =>
                source.Batches(source.Order(0, 2, true), options.BatchSize, 0, 2, transforms: Transforms.Strong(p)).Sum(b => b.Count)));
        }

        var folder = options.DiskCacheFolder ?? Directory.CreateTempSubdirectory("tg-bench-cache-").FullName;
        try
        {
            int workers = options.WorkerCounts?.Max() ?? 2;
            using (var fill = new ImageBatchSource(items, train, p, new LoadReport(), new PipelineOptions(Workers: workers, MemoryCache: false, DiskCacheFolder: folder)))
                fill.Preload(cancel);
            using var disk = new ImageBatchSource(items, train, p, new LoadReport(), new PipelineOptions(Workers: workers, Prefetch: 1, MemoryCache: false, DiskCacheFolder: folder));
            Add(Time("augment + normalise from the disk cache (new process)", workers, () => Epoch(disk, options.BatchSize, 0)));
        }
        finally { if (options.DiskCacheFolder == null) Directory.Delete(folder, recursive: true); }

        if (options.ForwardBatches > 0) Add(Forward(p, options.BatchSize, options.ForwardBatches, data.Classes.Count));
        return figures;
    }

    static int Epoch(ImageBatchSource source, int batchSize, int epoch) =>
        source.Batches(source.Order(0, epoch, true), batchSize, 0, epoch).Sum(b => b.Count);

    static PipelineFigure Time(string stage, int workers, Func<int> work)
    {
        var clock = Stopwatch.StartNew();
        int n = work();
        return new PipelineFigure(stage, workers, n, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The ResNet18's eval forward rate at this input size, on the default device, after one warm-up batch.</summary>
    static PipelineFigure Forward(Preprocessing p, int batchSize, int batches, int classes)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        using var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, Math.Max(2, classes), pretrained: false);
        var device = cuda.is_available() ? CUDA : CPU;
        model.to(device);
        model.eval();
        using var _ = no_grad();
        void Once()
        {
            using var scope = NewDisposeScope();
            var x = randn(batchSize, 3, p.CropSize, p.CropSize, device: device);
            var y = model.call(x);
            y.cpu().Dispose(); // wait for the device
        }
        Once();
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < batches; b++) Once();
        return new PipelineFigure($"model forward (ResNet18, eval, {device.type}, {get_num_threads()} threads)", 0, batchSize * batches, clock.Elapsed.TotalSeconds);
    }
}
