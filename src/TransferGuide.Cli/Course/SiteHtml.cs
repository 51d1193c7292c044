using Markdig;

namespace TransferGuide.Cli.Course;

/// <summary>
/// What the course site's pages share: the document head (one inline stylesheet, plotly.js inlined once when the page
/// has charts), HTML escaping and the narrative's markdown. Nothing refers to the network: no CDN, no web fonts.
/// </summary>
public static class SiteHtml
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().Build();

    /// <summary>
    /// Text for HTML content or a quoted attribute value: only &amp;, &lt;, &gt; and quotes are escaped; the pages are
    /// UTF-8, so "·" and "×" stay readable in the file.
    /// </summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    /// <summary>A narrative cell's markdown as HTML (CommonMark with pipe tables).</summary>
    public static string Markdown(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);

    /// <summary>The start of a page up to its body's first tag; <paramref name="plotly"/> inlines plotly.js (once) in the head.</summary>
    public static string Head(string title, bool plotly) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        "<title>" + Escape(title) + "</title>\n<style>\n" + Style + "</style>\n" +
        (plotly ? "<script type=\"text/javascript\">" + PlotlyScript.Inline + "</script>\n" : "") +
        "</head>\n<body>\n";

    /// <summary>The end of every page.</summary>
    public const string Foot = "</body>\n</html>\n";

    const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em auto; max-width: 1000px; padding: 0 1em; color: #1d2330; line-height: 1.5; }
        h1 { font-size: 1.7em; } h2 { margin-top: 1.6em; }
        a { color: #1f5fbf; }
        nav.weeks { display: flex; gap: 1em; justify-content: space-between; font-size: 0.95em; padding: 0.4em 0; border-bottom: 1px solid #dde2ea; }
        nav.weeks.bottom { border-top: 1px solid #dde2ea; border-bottom: none; margin-top: 2em; }
        p.meta { color: #4a5468; font-size: 0.92em; }
        pre { background: #f5f7fa; border: 1px solid #dde2ea; border-radius: 4px; padding: 0.6em 0.8em; overflow-x: auto; font-size: 0.86em; line-height: 1.4; }
        pre code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        pre.output { background: #fff; border-left: 4px solid #9aa7bd; font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
        .cell { margin: 1.2em 0; } .cell .id { font-size: 0.75em; color: #7a8599; }
        .cell.not-run pre code { color: #7a8599; }
        .pass { color: #11702f; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
        .error { border: 2px solid #b3261e; background: #fdf0ef; border-radius: 4px; padding: 0.6em 1em; margin: 1em 0; }
        .error pre { background: #fff; }
        .chart { margin: 1em 0; }
        table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #d3d9e3; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f0f3f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }

        """;

    /// <summary>
    /// A cell's printed text for a <c>pre.output</c> block: escaped, with exercise lines (<c>PASS w04.x: …</c>,
    /// <c>FAIL w04.x: …</c>) highlighted.
    /// </summary>
    public static string OutputText(string text)
    {
        var lines = text.Split('\n').Select(line =>
        {
            var t = line.TrimStart();
            return t.StartsWith("PASS ", StringComparison.Ordinal) ? "<span class=\"pass\">" + Escape(line) + "</span>"
                : t.StartsWith("FAIL ", StringComparison.Ordinal) ? "<span class=\"fail\">" + Escape(line) + "</span>"
                : Escape(line);
        });
        return string.Join("\n", lines);
    }

    /// <summary>Seconds as a reader likes them: "41 s", "3 min 05 s".</summary>
    public static string Duration(double seconds) =>
        seconds < 60 ? $"{seconds:F0} s" : $"{(int)(seconds / 60)} min {(int)seconds % 60:00} s";
}
