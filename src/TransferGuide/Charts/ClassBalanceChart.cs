using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Data;

namespace TransferGuide.Charts;

/// <summary>Images per class, one bar group per class and one colour per split.</summary>
public static class ClassBalanceChart
{
    /// <summary>Counts per split and class, in the dataset's class order.</summary>
    public static IReadOnlyList<(string Split, int[] Counts)> Counts(ImageDataset data) =>
        data.Splits.Select(split =>
        {
            var counts = new int[data.Classes.Count];
            foreach (var item in data.Split(split)) counts[item.Label]++;
            return (split, counts);
        }).ToList();

    /// <summary>Draws <paramref name="counts"/> (split → class → images).</summary>
    public static GenericChart Create(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> counts, IReadOnlyList<string> classes, string title = "Class balance")
    {
        var bars = counts.Select(split =>
        {
            var values = classes.Select(c => split.Value.GetValueOrDefault(c)).ToList();
            return CsChart.Column<int, string, string>(values, Keys: classes.ToList(), Name: split.Key,
                MultiText: Opt.Seq(values.Select(v => v.ToString())));
        }).ToList();
        if (bars.Count == 0) throw new ArgumentException("No splits to draw.", nameof(counts));
        return CsChart.Combine(bars)
            .WithXAxisStyle<string, string, string>(TitleText: "class")
            .WithYAxisStyle<int, int, string>(TitleText: "images")
            .WithTitle(title)
            .WithSize(Math.Max(480, 40 * classes.Count * Math.Max(1, counts.Count) + 200), 400);
    }

    /// <summary>Grouped bars of a loaded dataset, titled "&lt;name&gt;: images per class" unless <paramref name="title"/> is given.</summary>
    public static GenericChart Create(ImageDataset data, string? title = null) =>
        Create(Counts(data).ToDictionary(s => s.Split,
                s => (IReadOnlyDictionary<string, int>)data.Classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => s.Counts[x.i])),
            data.Classes, title ?? $"{data.Name}: images per class");
}
