using Plotly.NET;
using Plotly.NET.CSharp;

namespace TransferGuide.Charts;

/// <summary>A 2-D embedding (PCA or t-SNE) as a scatter coloured by class; hovering shows each item's file.</summary>
public static class EmbeddingChart
{
    /// <summary>Draws row-major <c>items × 2</c> <paramref name="points"/>.</summary>
    /// <param name="points">Coordinates.</param>
    /// <param name="labels">Class of each item.</param>
    /// <param name="classes">Class names.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="hover">Optional text per item (e.g. file name and prediction).</param>
    /// <param name="axisNames">Names of the two axes.</param>
    public static GenericChart Create(IReadOnlyList<double> points, IReadOnlyList<int> labels, IReadOnlyList<string> classes, string title,
        IReadOnlyList<string>? hover = null, (string X, string Y)? axisNames = null)
    {
        var traces = new List<GenericChart>();
        for (int c = 0; c < classes.Count; c++)
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToList();
            if (idx.Count == 0) continue;
            traces.Add(CsChart.Point<double, double, string>(idx.Select(i => points[2 * i]), idx.Select(i => points[2 * i + 1]), Name: classes[c],
                MultiText: hover is null ? idx.Select(i => classes[c]).ToList() : idx.Select(i => hover[i]).ToList()));
        }
        var (x, y) = axisNames ?? ("dimension 1", "dimension 2");
        return CsChart.Combine(traces)
            .Framed(title, x, y, 560, 480);
    }
}
