using System.Globalization;
using System.Text;

namespace TransferGuide.Cli.Course;

/// <summary>
/// The course site's <c>index.html</c>: the course's title, each month with its weeks (number, title, link, time,
/// PASS/FAIL), and how and when the site was rendered.
/// </summary>
public static class CourseIndexPage
{
    /// <summary>The course's title on the index.</summary>
    public const string DefaultTitle = "TransferGuide · a course in transfer learning on small datasets";

    /// <summary>The index's HTML.</summary>
    /// <param name="title">The course's title.</param>
    /// <param name="weeks">The rendered weeks, in course order.</param>
    /// <param name="mode">"quick" or "full".</param>
    /// <param name="renderedAt">When the render finished.</param>
    public static string Build(string title, IReadOnlyList<RenderedWeek> weeks, string mode, DateTimeOffset renderedAt)
    {
        var html = new StringBuilder(SiteHtml.Head(title, plotly: false));
        html.Append("<h1>").Append(SiteHtml.Escape(title)).Append("</h1>\n");
        int failed = weeks.Count(w => !w.Passed);
        html.Append("<p class=\"meta\">Rendered ").Append(renderedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" by <code>tg course render").Append(mode == "full" ? " --full" : "").Append("</code> in ")
            .Append(mode == "quick" ? "quick mode (TRANSFERGUIDE_QUICK=1: fewer images, smaller inputs, fewer epochs; <code>--full</code> gives the real numbers)" : "full mode")
            .Append(" · ").Append(weeks.Count).Append(weeks.Count == 1 ? " week, " : " weeks, ")
            .Append(weeks.Count - failed).Append(" passed, ").Append(failed).Append(" failed · ")
            .Append(SiteHtml.Duration(weeks.Sum(w => w.Seconds))).Append(" in all.</p>\n");
        html.Append("<p>Each week is one C# source (<code>monthN/weekNN-*.cs</code>) that ran as a program (<code>dotnet run</code>) ")
            .Append("with its exercises checked strictly; its page shows the narrative, every code cell with what it printed, and its charts. ")
            .Append("The pages work offline: plotly.js is inside each page that has charts.</p>\n");
        foreach (var month in weeks.GroupBy(w => w.Week.Month))
        {
            html.Append("<h2>").Append(SiteHtml.Escape(month.First().Week.MonthTitle)).Append("</h2>\n")
                .Append("<table>\n<tr><th>Week</th><th>Title</th><th>Time</th><th>Charts</th><th>Result</th></tr>\n");
            foreach (var w in month)
            {
                html.Append("<tr><td class=\"num\">").Append(w.Week.Number).Append("</td><td><a href=\"")
                    .Append(SiteHtml.Escape(w.Week.Page)).Append("\">").Append(SiteHtml.Escape(w.Week.Title)).Append("</a></td><td class=\"num\">")
                    .Append(SiteHtml.Duration(w.Seconds)).Append("</td><td class=\"num\">").Append(w.Charts).Append("</td><td>")
                    .Append(w.Passed ? "<span class=\"pass\">PASS</span>"
                        : "<span class=\"fail\">FAIL</span>" + (w.FailedCell is { } cell ? $" in <a href=\"{SiteHtml.Escape(w.Week.Page)}#{cell}\">{cell}</a>" : ""))
                    .Append("</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        return html.Append(SiteHtml.Foot).ToString();
    }
}
