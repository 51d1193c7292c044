using Plotly.NET;
using Plotly.NET.CSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Charts;

/// <summary>
/// Images in a captioned grid, as one Plotly.NET chart. Each image is embedded in the chart as a JPEG data
/// URI, so the chart shows inline in a notebook and inside a saved HTML report with no files beside it.
/// </summary>
public static class ImageGrid
{
    /// <summary>Draws <paramref name="tiles"/> left to right, <paramref name="columns"/> to a row, each scaled to fit <paramref name="tileSize"/>.</summary>
    public static GenericChart Create(IReadOnlyList<(string Caption, Image<Rgb24> Image)> tiles, int columns = 5, int tileSize = 160, string? title = null)
    {
        if (tiles.Count == 0) throw new ArgumentException("Give at least one image.", nameof(tiles));
        columns = Math.Clamp(columns, 1, tiles.Count);
        int rows = (tiles.Count + columns - 1) / columns;
        var charts = tiles.Select(t => CsChart.Image<string>(Source: DataUri(t.Image, tileSize), Name: t.Caption)).ToList();
        var grid = CsChart.Grid(charts, rows, columns, SubPlotTitles: tiles.Select(t => t.Caption).ToList(),
            Pattern: StyleParam.LayoutGridPattern.Independent, XGap: 0.05, YGap: 0.2);
        // Pixel axes say nothing about a photo; hide every subplot's axes.
        var layout = new Layout();
        for (int i = 1; i <= tiles.Count; i++)
        {
            layout.SetProperty(i == 1 ? "xaxis" : $"xaxis{i}", HiddenAxis());
            layout.SetProperty(i == 1 ? "yaxis" : $"yaxis{i}", HiddenAxis());
        }
        layout.SetProperty("margin", Margin(title));
        var chart = GenericChart.addLayout(layout, grid)
            .WithSize(Math.Max(320, columns * (tileSize + 20)), rows * (tileSize + 50) + (title != null ? 60 : 20));
        return title != null ? chart.WithTitle(title) : chart;
    }

    /// <summary>An image as a <c>data:image/jpeg;base64,…</c> URI, scaled down to fit <paramref name="maxSide"/>.</summary>
    public static string DataUri(Image<Rgb24> image, int maxSide = 160)
    {
        using var small = image.Width <= maxSide && image.Height <= maxSide ? image.Clone()
            : image.Clone(m => m.Resize(new ResizeOptions { Size = new Size(maxSide, maxSide), Mode = ResizeMode.Max }));
        using var ms = new MemoryStream();
        small.SaveAsJpeg(ms, new JpegEncoder { Quality = 88 });
        return "data:image/jpeg;base64," + Convert.ToBase64String(ms.ToArray());
    }

    static DynamicObj.DynamicObj HiddenAxis()
    {
        var axis = new DynamicObj.DynamicObj();
        axis.SetProperty("visible", false);
        return axis;
    }

    static DynamicObj.DynamicObj Margin(string? title)
    {
        var m = new DynamicObj.DynamicObj();
        m.SetProperty("l", 10); m.SetProperty("r", 10); m.SetProperty("b", 10); m.SetProperty("t", title != null ? 70 : 30);
        return m;
    }
}
