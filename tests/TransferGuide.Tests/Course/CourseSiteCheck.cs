using System.Text.RegularExpressions;
using TransferGuide.Tests.Reports;

namespace TransferGuide.Tests.Course;

/// <summary>Opens every page of a rendered course site in offline chromium and lists what is wrong with it.</summary>
internal static class CourseSiteCheck
{
    /// <summary>The site's week pages (every .html below its root but the index).</summary>
    public static IReadOnlyList<string> WeekPages(string site) =>
        Directory.GetFiles(site, "*.html", SearchOption.AllDirectories)
            .Where(p => Path.GetFullPath(p) != Path.GetFullPath(Path.Combine(site, "index.html"))).Order(StringComparer.Ordinal).ToList();

    /// <summary>The pages the index links to, as paths relative to the site with '/'.</summary>
    public static IReadOnlySet<string> IndexLinks(string site) =>
        Regex.Matches(File.ReadAllText(Path.Combine(site, "index.html")), "href=\"([^\"#]+)(#[^\"]*)?\"")
            .Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>
    /// Problems with the site: a page whose charts did not all draw, that made any request (all are blocked), that
    /// raised a JavaScript error, or that the index does not link to. Empty when the site is sound.
    /// </summary>
    public static async Task<List<string>> ProblemsAsync(string site)
    {
        var problems = new List<string>();
        var index = Path.Combine(site, "index.html");
        if (!File.Exists(index)) return [$"{site} has no index.html"];
        var links = IndexLinks(site);
        var pages = WeekPages(site);
        if (pages.Count == 0) problems.Add($"{site} has no week pages");
        foreach (var page in pages.Prepend(index))
        {
            var relative = Path.GetRelativePath(site, page).Replace('\\', '/');
            if (page != index && !links.Contains(relative)) problems.Add($"index.html does not link to {relative}");
            var report = await BrowserCheck.OpenAsync(page);
            if (report.DrawnCharts != report.Charts) problems.Add($"{relative}: {report.DrawnCharts} of {report.Charts} chart(s) drew");
            problems.AddRange(report.BlockedRequests.Select(r => $"{relative}: requested {r}"));
            problems.AddRange(report.Errors.Select(e => $"{relative}: page error {e}"));
        }
        foreach (var link in links.Where(l => !File.Exists(Path.Combine(site, l))))
            problems.Add($"index.html links to {link}, which is not there");
        return problems;
    }
}
