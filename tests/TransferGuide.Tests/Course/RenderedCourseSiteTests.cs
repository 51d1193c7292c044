using TransferGuide.Tests.Reports;

namespace TransferGuide.Tests.Course;

/// <summary>
/// A fact about a course site rendered by <c>tg course render</c>, named by <see cref="SiteVariable"/>. Without the
/// variable it skips and says how to run it; with it, chromium must be there (the check is the point).
/// </summary>
public sealed class CourseSiteFactAttribute : FactAttribute
{
    /// <summary>The rendered site's folder; CI sets it after <c>tg course render --out .ci-out/site</c>.</summary>
    public const string SiteVariable = "TRANSFERGUIDE_COURSE_SITE";

    /// <summary>The site's folder, or null when the variable is unset.</summary>
    public static string? Site => Environment.GetEnvironmentVariable(SiteVariable) is { Length: > 0 } s ? Path.GetFullPath(s) : null;

    public CourseSiteFactAttribute() =>
        Skip = Site != null ? null
            : $"{SiteVariable} is not set. Render the course (dotnet src/TransferGuide.Cli/bin/Debug/net10.0/tg.dll course render --out .ci-out/site) " +
              $"and run the tests with {SiteVariable}=.ci-out/site to check every page in offline chromium.";
}

public class RenderedCourseSiteTests
{
    [CourseSiteFact]
    public async Task Every_page_of_the_rendered_site_draws_offline_and_the_index_links_every_week()
    {
        var site = CourseSiteFactAttribute.Site!;
        Assert.True(Directory.Exists(site), $"{CourseSiteFactAttribute.SiteVariable}={site}: no such folder; run tg course render --out {site} first.");
        Assert.True(ChromiumFactAttribute.Executable != null, "chromium is not installed: run 'apt-get install -y chromium' (or set TG_CHROMIUM).");
        Assert.NotEmpty(CourseSiteCheck.WeekPages(site));
        var problems = await CourseSiteCheck.ProblemsAsync(site);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
