using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Evaluation;

namespace TransferGuide.Charts;

/// <summary>Per-group recall of each class (and overall accuracy) as grouped bars, so gaps between groups stand out.</summary>
public static class GroupMetricsChart
{
    /// <summary>Draws <paramref name="metrics"/>.</summary>
    public static GenericChart Create(GroupMetrics metrics, IReadOnlyList<string> classes, string title = "Metrics by group")
    {
        var categories = new List<string> { "accuracy" };
        categories.AddRange(classes.Select(c => $"recall: {c}"));
        categories.AddRange(classes.Select(c => $"precision: {c}"));
        var traces = metrics.Groups.Select(g =>
        {
            var values = new List<double> { g.Report.Accuracy };
            values.AddRange(g.Report.PerClass.Select(c => c.Recall));
            values.AddRange(g.Report.PerClass.Select(c => c.Precision));
            return CsChart.Column<double, string, string>(values, categories, Name: $"{g.Group} ({g.Count})",
                MultiText: values.Select(v => v.ToString("P0")).ToList());
        }).ToList();
        return CsChart.Combine(traces)
            .WithYAxisStyle<double, double, string>(TitleText: "score", MinMax: new Tuple<double, double>(0, 1.05))
            .WithTitle(title)
            .WithSize(Math.Max(600, 80 * categories.Count + 200), 440);
    }
}
