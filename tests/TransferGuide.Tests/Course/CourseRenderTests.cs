using System.Text.Json;
using Plotly.NET;
using TransferGuide.Cli.Course;
using TransferGuide.Tests.Cli;
using TransferGuide.Tests.Notebooks;

namespace TransferGuide.Tests.Course;

/// <summary>The pieces of <c>tg course render</c> that need no program run: splitting, instrumenting, the pages.</summary>
public class CourseRenderTests
{
    const char M = CourseDisplay.Marker;

    [Fact]
    public void Output_splits_at_cell_markers_and_places_charts_in_their_cell()
    {
        var output = $"build warning\n{M}cell week04-02\nhello\n\n{M}chart chart-001.html\nafter\n{M}cell week04-04\n{M}chart chart-002.html\n{M}html clips-003.html\n";
        var split = CellOutputs.Split(output);
        Assert.Equal([new OutputPart(OutputKind.Text, "build warning")], split.Preamble);
        Assert.Equal(["week04-02", "week04-04"], split.Cells.Select(c => c.Id));
        Assert.Equal([new OutputPart(OutputKind.Text, "hello"), new OutputPart(OutputKind.Chart, "chart-001.html"), new OutputPart(OutputKind.Text, "after")],
            split.For("week04-02")!.Parts);
        Assert.Equal([new OutputPart(OutputKind.Chart, "chart-002.html"), new OutputPart(OutputKind.Html, "clips-003.html")], split.For("week04-04")!.Parts);
        Assert.Equal(2, split.Charts); // clips to hear are placed, but they are not charts that must draw
        Assert.Equal("week04-04", split.LastCell);
        Assert.Null(split.For("week04-06"));
    }

    [Fact]
    public void Progress_redrawn_with_carriage_returns_keeps_its_last_state_and_ANSI_escapes_go()
    {
        var output = $"{M}cell w-02\r\nextract: 1/8\rextract: 4/8\rextract: 8/8\r\n\u001b[32mPASS\u001b[0m w04.x: ok\n\u001b]0;title\u0007done \n";
        var parts = CellOutputs.Split(output).For("w-02")!.Parts;
        Assert.Equal("extract: 8/8\nPASS w04.x: ok\ndone", Assert.Single(parts).Value);
        Assert.Equal("left", CellOutputs.Clean("gone\rleft\r"));
        Assert.Equal("bold red", CellOutputs.Clean("\u001b[1;31mbold red\u001b[K"));
    }

    [Fact]
    public void A_marker_after_unfinished_text_still_starts_its_cell()
    {
        var split = CellOutputs.Split($"{M}cell a\nno newline{M}cell b\nnext\n");
        Assert.Equal("no newline", Assert.Single(split.For("a")!.Parts).Value);
        Assert.Equal("next", Assert.Single(split.For("b")!.Parts).Value);
    }

    public static TheoryData<string> Weeks()
    {
        var data = new TheoryData<string>();
        foreach (var path in WeekNotebook.FindSources(CourseWeeksTests.RepoRoot())) data.Add(Path.GetRelativePath(CourseWeeksTests.RepoRoot(), path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void The_instrumented_copy_keeps_every_line_and_marks_each_code_cell_with_its_notebook_id(string relative)
    {
        var path = Path.Combine(CourseWeeksTests.RepoRoot(), relative);
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var source = WeekSource.Parse(text, path);
        var copy = InstrumentedWeek.Instrument(source, text).Split('\n');
        var lines = text.Split('\n');
        Assert.Equal(lines.Length, copy.Length);

        // The ids are the notebook's own, cell for cell (the import cell aside).
        var notebook = JsonDocument.Parse(WeekNotebook.Build(source)).RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToList();
        var ids = WeekNotebook.CellIds(source);
        Assert.Equal(source.Cells.Count, ids.Count);
        Assert.Single(notebook, id => !ids.Contains(id));
        Assert.Equal(notebook.Where(ids.Contains), ids);

        var codeLines = source.Cells.Select((c, i) => (c, i)).Where(x => x.c.Kind == CellKind.Code).ToDictionary(x => x.c.Line - 1, x => ids[x.i]);
        for (int i = 0; i < lines.Length; i++)
        {
            if (codeLines.TryGetValue(i, out var id)) Assert.Equal($"TransferGuide.Notebooks.CourseDisplay.Cell(\"{id}\"); // %%", copy[i]);
            else if (lines[i].StartsWith("#:project ", StringComparison.Ordinal))
            {
                var project = copy[i]["#:project ".Length..];
                Assert.True(Path.IsPathRooted(project) && File.Exists(project), copy[i]);
            }
            else Assert.Equal(lines[i], copy[i]);
        }
    }

    static string Chart(params (string, double)[] bars) => GenericChart.toChartHTML(ResultsChart.Bars(bars));

    static (string Html, RenderedWeek Result) Page(bool passed, string? failedCell = null)
    {
        var text = """
            #:project ../src/TransferGuide/TransferGuide.csproj

            // %% [markdown]
            // # Week 90 · A fixture & more
            //
            // | column | value |
            // |--------|-------|
            // | a      | 1     |

            // %%
            var list = new List<int> { 1 } ; if (list.Count < 2 && list[0] > 0) Console.WriteLine("</script><b>");

            // %%
            Console.WriteLine("two");
            """;
        var source = WeekSource.Parse(text, "/repo/month1/week90-fixture.cs");
        var ids = WeekNotebook.CellIds(source);
        var output = CellOutputs.Split($"{M}cell {ids[1]}\n<b>\n{M}chart c1.html\nPASS w90.a: fine\nFAIL w90.b: hint\n{M}chart c2.html\n{M}chart c3.html\n" +
                                       (passed ? $"{M}cell {ids[2]}\ntwo\n" : "Unhandled exception. System.Exception: boom\n"));
        var charts = new Dictionary<string, string> { ["c1.html"] = Chart(("a", 0.5)), ["c2.html"] = Chart(("b", 0.7)), ["c3.html"] = Chart(("c", 0.9)) };
        var week = SiteWeek.For(source);
        var result = new RenderedWeek(week, passed, 12.5, 3, failedCell, passed ? null : "The program exited with code 134.");
        var previous = new SiteWeek("/repo/month1/week89-x.cs", "month1", "week89", "Week 89 · before", "month1/week89-x.html");
        var next = new SiteWeek("/repo/month2/week91-y.cs", "month2", "week91", "Week 91 · after", "month2/week91-y.html");
        var html = WeekPage.Build(new WeekPage.Input(source, ids, output, result, name => charts.GetValueOrDefault(name), previous, next, "quick", ""));
        return (html, result);
    }

    [Fact]
    public void A_page_escapes_code_and_output_inlines_plotly_once_and_links_its_neighbours()
    {
        var (html, _) = Page(passed: true);
        TextAssert.ContainsAll(html,
            "<pre><code class=\"language-csharp\">var list = new List&lt;int&gt; { 1 } ; if (list.Count &lt; 2 &amp;&amp; list[0] &gt; 0) Console.WriteLine(&quot;&lt;/script&gt;&lt;b&gt;&quot;);</code></pre>",
            "<pre class=\"output\">&lt;b&gt;</pre>",
            "<span class=\"pass\">PASS w90.a: fine</span>",
            "<span class=\"fail\">FAIL w90.b: hint</span>");
        Assert.Equal(3, Count(html, "<div class=\"chart\">"));
        // plotly.js once, in the head, for three charts; no script or stylesheet from anywhere else.
        var plotly = PlotlyScript.Inline;
        var probe = plotly.Substring(plotly.Length / 2, 200);
        Assert.Equal(1, Count(html, probe));
        Assert.True(html.IndexOf(probe, StringComparison.Ordinal) < html.IndexOf("</head>", StringComparison.Ordinal));
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
        TextAssert.ContainsAll(html,
            "<table>", // pipe tables
            "<title>Week 90 · A fixture &amp; more</title>",
            "href=\"../month1/week89-x.html\"",
            "href=\"../month2/week91-y.html\"",
            "href=\"../index.html\"",
            "quick mode",
            "ran in 12 s");
        Assert.DoesNotContain("class=\"error\"", html);
    }

    [Fact]
    public void A_failed_page_keeps_the_output_up_to_the_failure_and_names_the_cell_in_an_error_box()
    {
        var (html, _) = Page(passed: false, failedCell: "week90-02");
        TextAssert.ContainsAll(html,
            "Unhandled exception. System.Exception: boom",
            "This week failed in cell week90-02 (line 10 of week90-fixture.cs)",
            "The program exited with code 134.",
            "href=\"#week90-02\"",
            "week90-03 · line 13 · not run");
        Assert.True(html.IndexOf("class=\"error\"", StringComparison.Ordinal) > html.IndexOf("boom", StringComparison.Ordinal));
    }

    [Fact]
    public void A_week_that_fails_before_its_first_cell_says_so_at_the_top_with_the_end_of_its_output()
    {
        var source = WeekSource.Parse("// %% [markdown]\n// # Week 90\n\n// %%\nint x = \"no\";\n", "/repo/month1/week90-x.cs");
        var ids = WeekNotebook.CellIds(source);
        var output = CellOutputs.Split("/repo/month1/week90-x.cs(5,9): error CS0029: Cannot implicitly convert type 'string' to 'int'\n");
        Assert.Null(output.LastCell);
        var result = new RenderedWeek(SiteWeek.For(source), false, 9, 0, null, "The program exited with code 1.");
        var html = WeekPage.Build(new WeekPage.Input(source, ids, output, result, _ => null, null, null, "quick",
            "/repo/month1/week90-x.cs(5,9): error CS0029: Cannot implicitly convert type 'string' to 'int'"));
        int box = html.IndexOf("class=\"error\"", StringComparison.Ordinal);
        Assert.True(box >= 0 && box < html.IndexOf("<section", StringComparison.Ordinal), "the error box stands above the cells");
        TextAssert.ContainsAll(html,
            "The program failed before its first cell ran (a build error?).",
            "error CS0029: Cannot implicitly convert type &#39;string&#39; to &#39;int&#39;",
            "week90-02 · line 4 · not run");
    }

    [Fact]
    public void A_page_without_charts_carries_no_plotly()
    {
        var source = WeekSource.Parse("// %%\nConsole.WriteLine(1);\n", "/repo/month1/week90-x.cs");
        var ids = WeekNotebook.CellIds(source);
        var result = new RenderedWeek(SiteWeek.For(source), true, 1, 0, null, null);
        var html = WeekPage.Build(new WeekPage.Input(source, ids, CellOutputs.Split($"{M}cell {ids[0]}\n1\n"), result, _ => null, null, null, "full", ""));
        Assert.DoesNotContain(PlotlyScript.Inline[..200], html);
        Assert.Contains("<h1>week90-x</h1>", html); // no heading in the narrative: the file's name
        Assert.Contains("full mode", html);
    }

    [Fact]
    public void The_index_lists_each_month_with_its_weeks_times_and_results()
    {
        SiteWeek W(string month, string week, string title) => new($"/repo/{month}/{week}-x.cs", month, week, title, $"{month}/{week}-x.html");
        var weeks = new[]
        {
            new RenderedWeek(W("month1", "week01", "Week 1 · data"), true, 30, 2, null, null),
            new RenderedWeek(W("month1", "week04", "Week 4 · features <fast>"), false, 75, 1, "week04-05", "The program exited with code 1."),
            new RenderedWeek(W("month3", "week11", "Week 11 · evaluation"), true, 200, 4, null, null),
        };
        var html = CourseIndexPage.Build("The course", weeks, "quick", new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero));
        TextAssert.ContainsAll(html,
            "<h1>The course</h1>",
            "<h2>Month 1</h2>",
            "<h2>Month 3</h2>");
        Assert.DoesNotContain("Month 2", html);
        TextAssert.ContainsAll(html,
            "<a href=\"month1/week01-x.html\">Week 1 · data</a>",
            "Week 4 · features &lt;fast&gt;",
            "<a href=\"month1/week04-x.html#week04-05\">week04-05</a>",
            "<a href=\"month3/week11-x.html\">",
            "1 min 15 s",
            "2026-03-01 12:30 UTC",
            "2 passed, 1 failed");
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Render_rejects_a_missing_source_or_a_bad_marker_naming_the_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tg-no-such-week", "week42-missing.cs");
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run("course", "render", missing, "--out", Path.GetTempPath()), missing);

        var folder = Directory.CreateTempSubdirectory("tg-render-bad-").FullName;
        try
        {
            var bad = Path.Combine(folder, "week42-bad.cs");
            File.WriteAllText(bad, "// %% [markdown]\n// # Week 42\n\n// %% [python]\nprint(1)\n");
            Tg.Fails(ExitCodes.InvalidInput, Tg.Run("course", "render", bad, "--out", folder), bad + ":4", "unknown cell marker");
            Assert.False(File.Exists(Path.Combine(folder, "index.html")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Pages_show_the_student_copy_of_an_exercise_unless_solutions_are_asked_for()
    {
        const string text = """
            // %%
            // EXERCISE w90.sum: Add the numbers.
            int total = 0;
            // BEGIN SOLUTION
            total = 1 + 2;
            // END SOLUTION
            """;
        var source = WeekSource.Parse(text, "/repo/month1/week90-fixture.cs");
        var ids = WeekNotebook.CellIds(source);
        var result = new RenderedWeek(SiteWeek.For(source), true, 1, 0, null, null);
        var output = CellOutputs.Split($"{M}cell {ids[0]}\n3\n");
        string Build(bool solutions) => WeekPage.Build(new WeekPage.Input(source, ids, output, result, _ => null, null, null, "quick", "", solutions));
        var student = Build(false);
        Assert.DoesNotContain("total = 1 + 2;", student);
        Assert.Contains("throw Exercise.Todo(&quot;w90.sum&quot;);", student);
        Assert.Contains("the reference solution's", student);
        Assert.Contains("total = 1 + 2;", Build(true));
        Assert.DoesNotContain("the reference solution's", Build(true));
    }

    static int Count(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
