using System.Text.Json;

namespace TransferGuide.Tests.Cli;

[Collection(LiveConsoleCollection.Name)]
public class DataBenchTests
{
    [Fact]
    public void Benchmark_reports_every_stage_for_each_worker_count()
    {
        using var dir = new TempDir();
        var data = ImageFolder.Load(dir.ColourDataset("d", 4));
        var figures = DataPipelineBenchmark.Run(data, new PipelineBenchmarkOptions(Images: 8, BatchSize: 4, ImageSize: 32, ForwardBatches: 1));
        Assert.Equal(3, figures.Count(f => f.Workers == 1));
        Assert.Equal(4, figures.Count(f => f.Workers == 2)); // and the disk cache, at the most workers
        Assert.Contains(figures, f => f.Stage.Contains("disk cache"));
        Assert.Contains(figures, f => f.Stage.StartsWith("model forward", StringComparison.Ordinal));
        Assert.All(figures, f => { Assert.True(f.Images > 0); Assert.True(f.ImagesPerSecond > 0); });
    }

    [Fact]
    public void Cli_writes_bench_json()
    {
        using var dir = new TempDir();
        var root = dir.ColourDataset("d", 3);
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["data", "bench", "--data", root, "--images", "6", "--size", "32", "--forward-batches", "0", "--runs", dir.Combine("runs")]));
        var json = Path.Combine(Assert.Single(Directory.GetDirectories(dir.Combine("runs"))), "bench.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(7, doc.RootElement.GetProperty("figures").GetArrayLength());
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["data", "bench", "--data", root, "--workers", "one", "--runs", dir.Combine("runs")]));
    }
}
