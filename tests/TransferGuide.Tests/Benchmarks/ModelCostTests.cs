using System.Text.Json;
using Plotly.NET;

namespace TransferGuide.Tests.Benchmarks;

public class ModelCostTests
{
    [Fact]
    public void A_row_counts_the_model_and_times_both_batch_sizes()
    {
        var cost = ModelCostBenchmark.Measure("squeezenet1_1", new ModelCostOptions(ImageSize: 32, BatchSize: 2, Repeats: 1));
        using var model = ModelZoo.Create("squeezenet1_1", 1000, pretrained: false);
        var flops = FlopCounter.Count(model, 32);
        Assert.Equal(flops.Parameters, cost.Parameters);
        Assert.Equal(flops.Macs / 1e9, cost.GMacs, 12);
        Assert.Equal(cost.Parameters * 4 / 1e6, cost.SizeMb, 9);
        Assert.True(cost.LatencyBatch1Ms > 0 && cost.LatencyBatchMs > 0 && cost.PeakRssMb > 0);
        Assert.Equal(2 / (cost.LatencyBatchMs / 1000), cost.ImagesPerSecond, 6);

        var html = GenericChart.toChartHTML(ModelCostChart.Create([cost, cost with { Id = "other", GMacs = 1 }]));
        Assert.Contains("squeezenet1_1", html);
        Assert.Contains("GMACs per image", html);
    }

    [Fact]
    public void Tg_models_json_prints_one_row_per_model_measured_in_child_processes()
    {
        var tg = Path.Combine(AppContext.BaseDirectory, "tg.dll");
        var run = ChildProcess.Run("dotnet", ["exec", tg, "models", "--json", "--quick", "--only", "squeezenet1_1,mobilenet_v3_small", "--image-size", "32"]);
        Assert.True(run.ExitCode == 0, run.Errors + run.Output);
        using var json = JsonDocument.Parse(run.Output);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["squeezenet1_1", "mobilenet_v3_small"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.All(models, m => Assert.True(m.GetProperty("g_macs").GetDouble() > 0));
        Assert.Equal(8, json.RootElement.GetProperty("batch_size").GetInt32());
    }
}
