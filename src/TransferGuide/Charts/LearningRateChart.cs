using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;
using CsChart = Plotly.NET.CSharp.Chart;

namespace TransferGuide.Charts;

/// <summary>The learning rate over training: per optimiser step when the history has steps, else per epoch.</summary>
public static class LearningRateChart
{
    /// <summary>Draws the schedule in <paramref name="history"/>.</summary>
    public static GenericChart Create(MetricsHistory history, string title = "Learning rate")
    {
        var chart = history.Steps.Count > 0
            ? CsChart.Line<long, double, string>(history.Steps.Select(s => s.Step), history.Steps.Select(s => s.LearningRate), Name: "head learning rate", ShowMarkers: false)
                .WithXAxisStyle<long, long, string>(TitleText: "optimiser step")
            : CsChart.Line<int, double, string>(history.Epochs.Select(e => e.Epoch), history.Epochs.Select(e => e.LearningRate), Name: "learning rate", ShowMarkers: true)
                .WithXAxisStyle<int, int, string>(TitleText: "epoch");
        // Log scale: schedules span decades, and a constant rate still shows as a visible line.
        return chart.WithYAxisStyle<double, double, string>(TitleText: "learning rate (log)", AxisType: StyleParam.AxisType.Log).WithTitle(title).WithSize(700, 340);
    }

    /// <summary>A learning-rate finder's loss against learning rate (log scale), with the suggestion marked.</summary>
    public static GenericChart Finder(LrFinderResult result, string title = "Learning-rate finder")
    {
        var loss = CsChart.Line<double, double, string>(result.LearningRates, result.Losses, Name: "smoothed loss", ShowMarkers: false);
        var suggested = CsChart.Point<double, double, string>([result.Suggested],
            [result.Losses[Array.IndexOf(result.LearningRates, result.LearningRates.MinBy(lr => Math.Abs(Math.Log(lr) - Math.Log(result.Suggested))))]],
            Name: $"suggested {result.Suggested:G2}");
        return CsChart.Combine([loss, suggested])
            .WithXAxisStyle<double, double, string>(TitleText: "learning rate (log)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "loss")
            .WithTitle(title).WithSize(700, 380);
    }
}
