using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;

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
}
