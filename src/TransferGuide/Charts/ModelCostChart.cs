using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Core;
using TransferGuide.Models;


namespace TransferGuide.Charts;

/// <summary>The zoo's cost table as a chart: work against batch-1 latency, one labelled point per model.</summary>
public static class ModelCostChart
{
    /// <summary>Left: GMACs against batch-1 latency; right: parameters (millions) against images/s at the larger batch.</summary>
    public static GenericChart Create(IReadOnlyList<ModelCost> costs, string title = "Model zoo: cost on this CPU")
    {
        var ids = costs.Select(c => c.Id).ToArray();
        var work = CsChart.Point<double, double, string>(costs.Select(c => c.GMacs), costs.Select(c => c.LatencyBatch1Ms),
                Name: "batch 1", MultiText: ids, TextPosition: StyleParam.TextPosition.TopCenter)
            .WithXAxisStyle<double, double, string>(TitleText: "GMACs per image")
            .WithYAxisStyle<double, double, string>(TitleText: "latency, batch 1 (ms)");
        var size = CsChart.Point<double, double, string>(costs.Select(c => c.Parameters / 1e6), costs.Select(c => c.ImagesPerSecond),
                Name: $"batch {costs.FirstOrDefault()?.BatchSize}", MultiText: ids, TextPosition: StyleParam.TextPosition.TopCenter)
            .WithXAxisStyle<double, double, string>(TitleText: "parameters (millions)")
            .WithYAxisStyle<double, double, string>(TitleText: "images/s");
        return CsChart.Grid([work, size], 1, 2).WithTitle(title).WithSize(1000, 420);
    }
}
