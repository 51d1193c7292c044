using Plotly.NET;
using Plotly.NET.CSharp;

namespace TransferGuide.Charts;

/// <summary>Small helpers the C# bindings of Plotly.NET lack.</summary>
public static class ChartText
{
    /// <summary>Sets the chart's title.</summary>
    public static GenericChart WithTitle(this GenericChart chart, string title)
    {
        var text = new Title();
        text.SetProperty("text", title);
        var layout = new Layout();
        layout.SetProperty("title", text);
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>
    /// The frame most charts end with: axis titles, the chart title and the size in pixels. Only titles are set on
    /// the axes, so the axis value types do not matter.
    /// </summary>
    public static GenericChart Framed(this GenericChart chart, string title, string xTitle, string yTitle, int width, int height) =>
        chart.WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithTitle(title)
            .WithSize(width, height);
}
