using Plotly.NET;

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
}
