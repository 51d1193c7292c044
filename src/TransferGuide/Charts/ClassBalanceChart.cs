using Plotly.NET;
using Plotly.NET.CSharp;
using TransferGuide.Data;
using CsChart = Plotly.NET.CSharp.Chart;

namespace TransferGuide.Charts;

/// <summary>How many items each class has, one bar group per split.</summary>
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

    /// <summary>Grouped bars: classes on the x axis, one colour per split.</summary>
    public static GenericChart Create(ImageDataset data, string? title = null)
    {
        var bars = Counts(data).Select(s => CsChart.Column<int, string, string>(s.Counts, Keys: Opt.Seq(data.Classes), Name: s.Split,
            MultiText: Opt.Seq(s.Counts.Select(c => c.ToString())))).ToList();
        return CsChart.Combine(bars)
            .WithXAxisStyle<string, string, string>(TitleText: "class")
            .WithYAxisStyle<int, int, string>(TitleText: "images")
            .WithTitle(title ?? $"{data.Name}: images per class")
            .WithSize(Math.Max(480, 70 * data.Classes.Count + 200), 400);
    }
}
