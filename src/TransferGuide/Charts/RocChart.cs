using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Evaluation;

namespace TransferGuide.Charts;

/// <summary>ROC curves, one per class (one against the rest), with the chance diagonal and each AUC in the legend.</summary>
public static class RocChart
{
    /// <summary>Draws <paramref name="curves"/>.</summary>
    public static GenericChart Create(IEnumerable<RocCurve> curves, string title = "ROC curves")
    {
        var traces = curves.Select(c => CsChart.Line<double, double, string>(c.FalsePositiveRate, c.TruePositiveRate,
            Name: $"{c.Class} (AUC {(c.Auc is { } a ? a.ToString("F3") : "n/a")})", ShowMarkers: false)).ToList();
        traces.Add(CsChart.Line<double, double, string>([0.0, 1.0], [0.0, 1.0], Name: "chance", ShowMarkers: false,
            LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromHex("#999999")));
        return CsChart.Combine(traces)
            .Framed(title, "false-positive rate", "true-positive rate (recall)", 520, 460);
    }
}
