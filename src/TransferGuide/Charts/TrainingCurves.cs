using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Training;

namespace TransferGuide.Charts;

/// <summary>Loss and accuracy per epoch, training and held-out, from a plain <see cref="MetricsHistory"/>.</summary>
public static class TrainingCurves
{
    /// <summary>Two charts side by side: loss (left) and accuracy (right).</summary>
    public static GenericChart Create(MetricsHistory history, string title = "Training curves")
    {
        var epochs = history.Epochs.Select(e => e.Epoch).ToArray();
        var loss = new List<GenericChart>
        {
            CsChart.Line<int, double, string>(epochs, history.Epochs.Select(e => e.TrainLoss), Name: "train loss", ShowMarkers: false),
        };
        var acc = new List<GenericChart>
        {
            CsChart.Line<int, double, string>(epochs, history.Epochs.Select(e => e.TrainAccuracy), Name: "train accuracy", ShowMarkers: false),
        };
        if (history.Epochs.Any(e => e.ValidLoss.HasValue))
        {
            var held = history.Epochs.Where(e => e.ValidLoss.HasValue).ToList();
            loss.Add(CsChart.Line<int, double, string>(held.Select(e => e.Epoch), held.Select(e => e.ValidLoss!.Value), Name: "held-out loss", ShowMarkers: false));
            acc.Add(CsChart.Line<int, double, string>(held.Select(e => e.Epoch), held.Select(e => e.ValidAccuracy!.Value), Name: "held-out accuracy", ShowMarkers: false));
        }
        var lossChart = CsChart.Combine(loss).WithXAxisStyle<int, int, string>(TitleText: "epoch").WithYAxisStyle<double, double, string>(TitleText: "loss");
        var accChart = CsChart.Combine(acc).WithXAxisStyle<int, int, string>(TitleText: "epoch").WithYAxisStyle<double, double, string>(TitleText: "accuracy");
        return CsChart.Grid([lossChart, accChart], 1, 2)
            .WithTitle(title)
            .WithSize(900, 380);
    }
}
