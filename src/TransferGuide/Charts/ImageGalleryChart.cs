using Plotly.NET;
using Plotly.NET.CSharp;

namespace TransferGuide.Charts;

/// <summary>One picture of a gallery: a PNG data URI and its caption.</summary>
/// <param name="DataUri">A <c>data:image/png;base64,…</c> URI.</param>
/// <param name="Caption">Text under the picture.</param>
public sealed record GalleryImage(string DataUri, string Caption);

/// <summary>
/// A gallery as a Plotly chart (images as traces), so it shows inline in a notebook like any other chart.
/// Reports embed galleries as plain images instead (see <c>HtmlReport.Gallery</c>), which print better.
/// </summary>
public static class ImageGalleryChart
{
    /// <summary>Tiles <paramref name="images"/>, <paramref name="columns"/> across, each with its caption as the subplot title.</summary>
    public static GenericChart Create(IReadOnlyList<GalleryImage> images, int columns = 4, string title = "Gallery", int tile = 224)
    {
        if (images.Count == 0) throw new ArgumentException("A gallery needs at least one image.", nameof(images));
        int rows = (images.Count + columns - 1) / columns;
        var charts = images.Select(i => CsChart.Image<string>(Source: i.DataUri, Name: i.Caption)).ToList();
        return CsChart.Grid(charts, rows, columns, SubPlotTitles: images.Select(i => i.Caption).ToArray())
            .WithTitle(title)
            .WithSize(columns * (tile + 40), rows * (tile + 60) + 60);
    }
}
