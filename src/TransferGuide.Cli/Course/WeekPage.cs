using System.Text;

namespace TransferGuide.Cli.Course;

/// <summary>
/// A week's page in the course site: its narrative, each code cell's code, printed output and charts, links to the
/// previous and next weeks and the index, the mode and the time it took. A failed week's page shows the output up to
/// the failure and an error box in the cell that failed (or at the top when it failed before its first cell).
/// </summary>
public static class WeekPage
{
    /// <summary>What a page is made of.</summary>
    /// <param name="Source">The week's parsed source.</param>
    /// <param name="Ids">The cell id of each source cell (<see cref="WeekNotebook.CellIds"/>).</param>
    /// <param name="Outputs">The run's output split by cell.</param>
    /// <param name="Result">How the run went.</param>
    /// <param name="Chart">Reads a chart fragment's HTML by its file name; null when the file is missing.</param>
    /// <param name="Previous">The week before, if any.</param>
    /// <param name="Next">The week after, if any.</param>
    /// <param name="Mode">"quick" or "full".</param>
    /// <param name="Tail">The last lines of the output, shown in the error box of a failed run.</param>
    /// <param name="Solutions">Show the exercises' reference solutions (an instructor's site); by default a page shows
    /// the student copy of each exercise cell (<see cref="ExerciseMarkup.StripSolutions"/>) above the reference run's output.</param>
    public sealed record Input(WeekSource Source, IReadOnlyList<string> Ids, CellOutputs Outputs, RenderedWeek Result,
        Func<string, string?> Chart, SiteWeek? Previous, SiteWeek? Next, string Mode, string Tail, bool Solutions = false);

    /// <summary>The page's HTML.</summary>
    public static string Build(Input p)
    {
        var week = p.Result.Week;
        var charts = p.Outputs.Cells.SelectMany(c => c.Parts).Concat(p.Outputs.Preamble).Any(x => x.Kind == OutputKind.Chart);
        var html = new StringBuilder(SiteHtml.Head(week.Title, plotly: charts));
        html.Append(Navigation(p, "top"));
        html.Append("<p class=\"meta\">").Append(SiteHtml.Escape(Path.GetFileName(week.Source))).Append(" · ")
            .Append(p.Mode == "quick" ? "quick mode (TRANSFERGUIDE_QUICK=1: fewer images, smaller inputs, fewer epochs)" : "full mode")
            .Append(" · ran in ").Append(SiteHtml.Duration(p.Result.Seconds)).Append(", build included · ")
            .Append(p.Result.Charts).Append(p.Result.Charts == 1 ? " chart · " : " charts · ")
            .Append(p.Result.Passed ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>").Append("</p>\n");
        if (!p.Result.Passed)
            html.Append(p.Result.FailedCell is { } failed
                ? $"<p class=\"fail\">This run failed in cell <a href=\"#{failed}\">{failed}</a>; see the error box there.</p>\n"
                : ErrorBox(p, "The program failed before its first cell ran (a build error?).", p.Tail));
        if (p.Outputs.Preamble.Count > 0 && p.Result.Passed)
            html.Append("<details><summary>Build messages</summary>\n").Append(Parts(p.Outputs.Preamble, p.Chart)).Append("</details>\n");
        if (SiteWeek.HeadingOf(p.Source) == null)
            html.Append("<h1>").Append(SiteHtml.Escape(week.Title)).Append("</h1>\n");
        for (int i = 0; i < p.Source.Cells.Count; i++)
        {
            var cell = p.Source.Cells[i];
            var id = p.Ids[i];
            if (cell.Kind == CellKind.Markdown)
            {
                html.Append("<section class=\"narrative\" id=\"").Append(id).Append("\">\n").Append(SiteHtml.Markdown(cell.Text)).Append("</section>\n");
                continue;
            }
            var output = p.Outputs.For(id);
            var code = p.Solutions ? cell.Text : ExerciseMarkup.StudentCopy(cell.Text); // no solutions, no hidden tests
            html.Append("<section class=\"cell").Append(output == null ? " not-run" : "").Append("\" id=\"").Append(id).Append("\">\n")
                .Append("<div class=\"id\">").Append(id).Append(" · line ").Append(cell.Line)
                .Append(output == null ? " · not run" : "").Append("</div>\n")
                .Append("<pre><code class=\"language-csharp\">").Append(SiteHtml.Escape(code)).Append("</code></pre>\n");
            if (output != null && code != cell.Text)
                html.Append("<p class=\"meta\">The output below is the reference solution's; the cell shows what a student starts from.</p>\n");
            if (output != null) html.Append(Parts(output.Parts, p.Chart));
            if (!p.Result.Passed && p.Result.FailedCell == id)
                html.Append(ErrorBox(p, $"This week failed in cell {id} (line {cell.Line} of {Path.GetFileName(week.Source)}); the cells below did not run.", p.Tail));
            html.Append("</section>\n");
        }
        html.Append(Navigation(p, "bottom"));
        return html.Append(SiteHtml.Foot).ToString();
    }

    static string ErrorBox(Input p, string what, string tail) =>
        "<div class=\"error\" role=\"alert\"><strong>" + SiteHtml.Escape(what) + "</strong>" +
        (p.Result.Failure is { } why ? "<p>" + SiteHtml.Escape(why) + "</p>" : "") +
        (tail.Trim().Length > 0 ? "<p>The end of its output:</p><pre>" + SiteHtml.Escape(tail) + "</pre>" : "") + "</div>\n";

    static string Parts(IEnumerable<OutputPart> parts, Func<string, string?> chart)
    {
        var html = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Kind == OutputKind.Text)
                html.Append("<pre class=\"output\">").Append(SiteHtml.OutputText(part.Value)).Append("</pre>\n");
            else if (chart(part.Value) is { } fragment)
                html.Append(part.Kind == OutputKind.Chart ? "<div class=\"chart\">\n" : "<div class=\"clips\">\n").Append(fragment).Append("\n</div>\n");
            else
                html.Append("<p class=\"fail\">").Append(part.Kind == OutputKind.Chart ? "Chart " : "Output ").Append(SiteHtml.Escape(part.Value))
                    .Append(" was announced but its file is missing.</p>\n");
        }
        return html.ToString();
    }

    static string Navigation(Input p, string where)
    {
        var week = p.Result.Week;
        string Link(SiteWeek? w, string rel, string arrowLeft, string arrowRight) => w == null ? "<span></span>"
            : $"<a rel=\"{rel}\" href=\"{SiteHtml.Escape(week.LinkTo(w.Page))}\">{arrowLeft}{SiteHtml.Escape(w.Title)}{arrowRight}</a>";
        return $"<nav class=\"weeks {where}\">{Link(p.Previous, "prev", "← ", "")}" +
               $"<a href=\"{week.LinkTo("index.html")}\">Course index</a>{Link(p.Next, "next", "", " →")}</nav>\n";
    }
}
