using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Evaluation;

namespace TransferGuide.Charts;

/// <summary>Precision-recall curves, one per class, with each average precision in the legend.</summary>
public static class PrecisionRecallChart
{
    /// <summary>Draws <paramref name="curves"/>.</summary>
    public static GenericChart Create(IEnumerable<PrecisionRecallCurve> curves, string title = "Precision-recall curves")
    {
        var traces = curves.Select(c => CsChart.Line<double, double, string>(c.Recall, c.Precision,
            Name: $"{c.Class} (AP {(c.AveragePrecision is { } a ? a.ToString("F3") : "n/a")}, base rate {c.Prevalence:F2})",
            ShowMarkers: false)).ToList();
        return CsChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "recall")
            .WithYAxisStyle<double, double, string>(TitleText: "precision", MinMax: new Tuple<double, double>(0, 1.02))
            .WithTitle(title)
            .WithSize(520, 460);
    }
}
