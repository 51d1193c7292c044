using Plotly.NET;
using Plotly.NET.CSharp;
using CsChart = Plotly.NET.CSharp.Chart;

namespace TransferGuide.Charts;

/// <summary>Images per class, one bar group per class and one colour per split, from plain counts.</summary>
public static class ClassBalanceChart
{
    /// <summary>Draws <paramref name="counts"/> (split → class → images).</summary>
    public static GenericChart Create(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> counts, IReadOnlyList<string> classes, string title = "Class balance")
    {
        var bars = counts.Select(split => CsChart.Column<int, string, string>(
            classes.Select(c => split.Value.GetValueOrDefault(c)), Keys: classes.ToList(), Name: split.Key)).ToList();
        if (bars.Count == 0) throw new ArgumentException("No splits to draw.", nameof(counts));
        return CsChart.Combine(bars)
            .WithXAxisStyle<string, string, string>(TitleText: "class")
            .WithYAxisStyle<int, int, string>(TitleText: "images")
            .WithTitle(title)
            .WithSize(Math.Max(480, 40 * classes.Count * Math.Max(1, counts.Count) + 200), 400);
    }

    /// <summary>Counts of a loaded dataset.</summary>
    public static GenericChart Create(Data.ImageDataset data, string title = "Class balance") =>
        Create(data.Splits.ToDictionary(s => s, s => (IReadOnlyDictionary<string, int>)data.Classes.Select((c, i) => (c, i))
            .ToDictionary(x => x.c, x => data.Items.Count(it => it.Split == s && it.Label == x.i))), data.Classes, title);
}
