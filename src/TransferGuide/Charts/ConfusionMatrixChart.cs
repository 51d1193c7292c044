using Plotly.NET;
using Plotly.NET.CSharp;

namespace TransferGuide.Charts;

/// <summary>A confusion matrix as an annotated heatmap: rows are true classes, columns predictions.</summary>
public static class ConfusionMatrixChart
{
    // Light to mid blue, so the black counts stay readable in every cell.
    static readonly StyleParam.Colorscale LightBlues = StyleParam.Colorscale.NewCustom(
        [Tuple.Create(0.0, Color.fromHex("#f7fbff")), Tuple.Create(1.0, Color.fromHex("#6baed6"))]);

    /// <summary>Draws counts[true, predicted] with the count in each cell.</summary>
    public static GenericChart Create(int[,] counts, IReadOnlyList<string> classes, string title = "Confusion matrix") =>
        Heatmap(classes, (t, p) => counts[t, p], (t, p) => counts[t, p].ToString(), title);

    /// <summary>Draws the row-normalised matrix (each row sums to 1: the recall view), with percentages in the cells.</summary>
    public static GenericChart Normalised(double[,] fractions, IReadOnlyList<string> classes, string title = "Confusion matrix, normalised by true class") =>
        Heatmap(classes, (t, p) => fractions[t, p], (t, p) => fractions[t, p].ToString("P0"), title);

    static GenericChart Heatmap<T>(IReadOnlyList<string> classes, Func<int, int, T> value, Func<int, int, string> label, string title)
        where T : IConvertible
    {
        int n = classes.Count;
        // Plotly draws row 0 at the bottom; reverse so the first class is on top, as in a table.
        var rows = Enumerable.Range(0, n).Reverse().ToList();
        var z = rows.Select(t => Enumerable.Range(0, n).Select(p => value(t, p))).ToList();
        var text = rows.Select(t => Enumerable.Range(0, n).Select(p => label(t, p))).ToList();
        return CsChart.AnnotatedHeatmap<T, string, string, string>(
                zData: z, annotationText: text,
                X: classes.ToList(), Y: rows.Select(r => classes[r]).ToList(),
                ColorScale: LightBlues, ShowScale: false)
            .WithXAxisStyle<string, string, string>(TitleText: "predicted")
            .WithYAxisStyle<string, string, string>(TitleText: "true")
            .WithTitle(title)
            .WithSize(Math.Max(380, 60 * n + 160), Math.Max(360, 50 * n + 140));
    }
}
