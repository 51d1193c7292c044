using TransferGuide.Cli.Course;

namespace TransferGuide.Tests.Grading;

/// <summary>The course site shows students what the release shows: no solutions and no hidden tests.</summary>
public class CourseSiteHiddenTestsTests
{
    [Fact]
    public void A_week_page_shows_the_visible_check_and_never_the_hidden_tests()
    {
        var source = WeekSource.Parse(GradingCourse.Week, "/repo/month1/week00-demo.cs");
        var ids = WeekNotebook.CellIds(source);
        var result = new RenderedWeek(SiteWeek.For(source), true, 1, 0, null, null);
        var page = WeekPage.Build(new WeekPage.Input(source, ids, CellOutputs.Split(""), result, _ => null, null, null, "quick", "", false));
        Assert.Contains("Twice(1) == 2", page);
        Assert.DoesNotContain("Twice(21)", page);
        Assert.DoesNotContain("HIDDEN", page);
        Assert.Contains("Twice(21)", WeekPage.Build(new WeekPage.Input(source, ids, CellOutputs.Split(""), result, _ => null, null, null, "quick", "", true)));
    }
}
