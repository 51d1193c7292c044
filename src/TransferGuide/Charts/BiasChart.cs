using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Monitoring;

namespace TransferGuide.Charts;

/// <summary>Each group's test accuracy, one bar per trained head (baseline and mitigations), so the worst group stands out.</summary>
public static class BiasChart
{
    /// <summary>Draws <paramref name="comparison"/>.</summary>
    public static GenericChart Create(BiasComparison comparison, string title = "Test accuracy per group, without and with mitigation")
    {
        var groups = comparison.Baseline.Groups.Select(g => $"{g.Group} ({g.TrainCount} train)").ToList();
        var traces = comparison.Results.Select(r =>
        {
            var values = r.Groups.Select(g => g.Accuracy).ToList();
            return CsChart.Column<double, string, string>(values, groups, Name: $"{r.Name} (gap {r.Gap * 100:F1} pts)",
                MultiText: values.Select(v => v.ToString("P0")).ToList());
        }).ToList();
        return CsChart.Combine(traces)
            .WithYAxisStyle<double, double, string>(TitleText: "test accuracy", MinMax: new Tuple<double, double>(0, 1.05))
            .WithTitle(title)
            .WithSize(Math.Max(600, 110 * groups.Count + 200), 440);
    }
}
