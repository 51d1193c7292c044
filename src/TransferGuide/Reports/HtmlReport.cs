using System.Net;
using System.Text;
using Plotly.NET;

namespace TransferGuide.Reports;

/// <summary>
/// A self-contained HTML report: plotly.js is inlined once (from the Plotly.NET package), so the file
/// draws offline, in a browser with no network, and can be mailed or archived as one file.
/// </summary>
public sealed class HtmlReport(string title)
{
    readonly StringBuilder _body = new();

    /// <summary>The report's title.</summary>
    public string Title { get; } = title;

    /// <summary>Adds a section heading.</summary>
    public HtmlReport Heading(string text)
    {
        _body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a two-column table of names and values.</summary>
    public HtmlReport KeyValues(IEnumerable<(string Key, string Value)> rows)
    {
        _body.Append("<table class=\"kv\">\n");
        foreach (var (k, v) in rows)
            _body.Append("<tr><th>").Append(WebUtility.HtmlEncode(k)).Append("</th><td>").Append(WebUtility.HtmlEncode(v)).Append("</td></tr>\n");
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Adds a table with a header row.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in header) _body.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Adds a Plotly.NET chart.</summary>
    public HtmlReport Chart(GenericChart chart)
    {
        _body.Append("<div class=\"chart\">").Append(GenericChart.toChartHTML(chart)).Append("</div>\n");
        return this;
    }

    /// <summary>
    /// Adds a row of captioned images (data URIs, e.g. from <c>Charts.ImageGrid.DataUri</c>), so the file
    /// stays self-contained.
    /// </summary>
    public HtmlReport Images(IEnumerable<(string Caption, string DataUri)> images, int width = 170) =>
        Gallery(images.Select(i => new Charts.GalleryImage(i.DataUri, i.Caption)), width);

    /// <summary>Adds images (PNG data URIs) with captions, embedded in the page so it stays one file.</summary>
    public HtmlReport Gallery(IEnumerable<Charts.GalleryImage> images, int width = 224)
    {
        _body.Append("<div class=\"gallery\">\n");
        foreach (var image in images)
        {
            if (!image.DataUri.StartsWith("data:image/", StringComparison.Ordinal))
                throw new ArgumentException("Embed images as data:image/... URIs so the report works offline.", nameof(images));
            _body.Append("<figure><img width=\"").Append(width).Append("\" src=\"").Append(WebUtility.HtmlEncode(image.DataUri))
                .Append("\" alt=\"").Append(WebUtility.HtmlEncode(image.Caption)).Append("\"><figcaption>")
                .Append(WebUtility.HtmlEncode(image.Caption)).Append("</figcaption></figure>\n");
        }
        _body.Append("</div>\n");
        return this;
    }

    /// <summary>Adds clips to see and hear: each spectrogram with a playable audio element, embedded so the page stays one file.</summary>
    public HtmlReport Clips(IEnumerable<Charts.AudioClipView> clips)
    {
        _body.Append(Charts.AudioClipView.Row(clips)).Append('\n');
        return this;
    }

    /// <summary>Adds a link to a file beside the report (e.g. a CSV export).</summary>
    public HtmlReport Link(string href, string text)
    {
        _body.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</a></p>\n");
        return this;
    }

    /// <summary>The whole document.</summary>
    public string ToHtml() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(Title) + "</title>\n" +
        "<style>\n" + Style + "</style>\n" +
        "<script type=\"text/javascript\">" + PlotlyScript.Inline + "</script>\n" +
        "</head><body>\n<h1>" + WebUtility.HtmlEncode(Title) + "</h1>\n" + _body + "</body></html>\n";

    const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
        table.kv th { background: #f3f5f9; } .chart { margin: 1em 0; }
        .gallery { display: flex; flex-wrap: wrap; gap: 10px; } figure { margin: 0; width: min-content; }
        figcaption { font-size: 0.8em; color: #444; word-break: break-all; } img { image-rendering: auto; display: block; }

        """;

    /// <summary>Writes the document atomically.</summary>
    public void Save(string path) => Core.AtomicFile.WriteText(path, ToHtml());

}
