using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Evaluation;

namespace TransferGuide.Charts;

/// <summary>Per-class accuracy (recall), precision and F1 as grouped bars.</summary>
public static class PerClassChart
{
    /// <summary>Draws the per-class rows of <paramref name="report"/>.</summary>
    public static GenericChart Create(ClassificationReport report, string title = "Per-class accuracy (recall), precision and F1")
    {
        var names = report.PerClass.Select(c => c.Class).ToList();
        GenericChart Bars(string name, Func<ClassMetrics, double> f) =>
            CsChart.Column<double, string, string>(report.PerClass.Select(f), names, Name: name,
                MultiText: report.PerClass.Select(c => f(c).ToString("P0")).ToList());
        return CsChart.Combine([Bars("accuracy (recall)", c => c.Recall), Bars("precision", c => c.Precision), Bars("F1", c => c.F1)])
            .WithYAxisStyle<double, double, string>(TitleText: "score", MinMax: new Tuple<double, double>(0, 1.05))
            .WithTitle(title)
            .WithSize(Math.Max(520, 90 * names.Count + 200), 420);
    }
}
