using TransferGuide.Cli.Course;
using TransferGuide.Tests.Notebooks;
using TransferGuide.Tests.Reports;

namespace TransferGuide.Tests.Course;

/// <summary>
/// Renders two tiny fixture weeks for real (two <c>dotnet run</c> builds): one that passes with two charts, one whose
/// exercise check fails; then opens every page in offline chromium.
/// </summary>
public class CourseRenderEndToEndTests
{
    const string Passing = """
        #:project ../../../src/TransferGuide/TransferGuide.csproj
        // A fixture week written by CourseRenderEndToEndTests.

        // %% [markdown]
        // # Week 90 · A fixture
        //
        // | what | value |
        // |------|-------|
        // | bars | 2     |

        // %%
        var course = Course.Start("week90");
        Console.Write("progress 1/2\rprogress 2/2\n");
        course.Show(ResultsChart.Bars([("a", 0.5), ("b", 0.7)]));
        Exercise.Check("w90.fixture", true, "hint");

        // %% [markdown]
        // ## Second
        //
        // More *narrative*.

        // %%
        course.Show(ResultsChart.Bars([("c", 0.9)]));
        Console.WriteLine("x < y && z");
        """;

    const string Failing = """
        #:project ../../../src/TransferGuide/TransferGuide.csproj

        // %% [markdown]
        // # Week 91 · A failing fixture

        // %%
        var course = Course.Start("week91");
        course.Show(ResultsChart.Bars([("a", 0.5)]));

        // %%
        Exercise.Check("w91.fixture", false, "the hint names what to look at");

        // %%
        Console.WriteLine("never printed");
        """;

    [ChromiumFact]
    public async Task Fixture_weeks_render_to_pages_that_draw_offline_and_a_failure_names_its_cell()
    {
        var root = CourseWeeksTests.RepoRoot();
        var fixtures = Path.Combine(root, "runs", ".test-render");
        var month = Directory.CreateDirectory(Path.Combine(fixtures, "month1")).FullName;
        var passing = Path.Combine(month, "week90-fixture.cs");
        var failing = Path.Combine(month, "week91-failing.cs");
        File.WriteAllText(passing, Passing);
        File.WriteAllText(failing, Failing);
        var site = Directory.CreateTempSubdirectory("tg-site-").FullName;
        try
        {
            var renderer = new CourseRenderer
            {
                RepositoryRoot = root, OutFolder = site, WorkFolder = Path.Combine(fixtures, ".work"), Timeout = TimeSpan.FromMinutes(10),
            };
            var results = renderer.Render(renderer.Prepare([passing, failing]));

            var ok = results[0];
            Assert.True(ok.Passed, $"{ok.Failure}\n{File.ReadAllText(Path.Combine(site, ok.Week.Page))[^3000..]}");
            Assert.Equal(2, ok.Charts);
            var page = File.ReadAllText(Path.Combine(site, "month1", "week90-fixture.html"));
            Assert.Contains("<span class=\"pass\">PASS w90.fixture: well done</span>", page);
            // A line redrawn with \r shows its last state only.
            var printed = string.Join("\n", System.Text.RegularExpressions.Regex.Matches(page, "<pre class=\"output\">(.*?)</pre>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value));
            Assert.Contains("progress 2/2", printed);
            Assert.DoesNotContain("progress 1/2", printed);
            Assert.Contains("x &lt; y &amp;&amp; z", page);
            Assert.Contains("<table>", page);
            Assert.Contains("href=\"../month1/week91-failing.html\"", page);

            var bad = results[1];
            Assert.False(bad.Passed);
            Assert.Equal("week91-03", bad.FailedCell);
            Assert.Equal(1, bad.Charts);
            var failed = File.ReadAllText(Path.Combine(site, "month1", "week91-failing.html"));
            Assert.Contains("This week failed in cell week91-03 (line 10 of week91-failing.cs)", failed);
            Assert.Contains("FAIL w91.fixture: the hint names what to look at", failed);
            Assert.Contains("week91-04 · line 13 · not run", failed);
            Assert.DoesNotContain("never printed</pre>", failed);

            var index = File.ReadAllText(Path.Combine(site, "index.html"));
            Assert.Contains("Week 90 · A fixture", System.Net.WebUtility.HtmlDecode(index));
            Assert.Contains("month1/week91-failing.html#week91-03", index);

            var problems = await CourseSiteCheck.ProblemsAsync(site);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            var report = await BrowserCheck.OpenAsync(Path.Combine(site, "month1", "week90-fixture.html"));
            Assert.Equal((2, 2), (report.Charts, report.DrawnCharts));
        }
        finally { Directory.Delete(site, recursive: true); }
    }
}
