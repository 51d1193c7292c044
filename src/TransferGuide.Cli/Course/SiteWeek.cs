using System.Text.RegularExpressions;

namespace TransferGuide.Cli.Course;

/// <summary>A week's place in the course site, known before it runs.</summary>
/// <param name="Source">The week's source file.</param>
/// <param name="Month">Its folder's name (<c>month1</c>): the site groups weeks by it.</param>
/// <param name="Week">Its id (<c>week04</c>).</param>
/// <param name="Title">The text of its first markdown heading (its file name when it has none).</param>
/// <param name="Page">Its page, relative to the site's root with '/' (<c>month1/week04-feature-extraction.html</c>).</param>
public sealed record SiteWeek(string Source, string Month, string Week, string Title, string Page)
{
    /// <summary>The week's number (4 for week04).</summary>
    public int Number => int.TryParse(Week.AsSpan(4), out var n) ? n : 0;

    /// <summary>The month's heading in the index: "Month 1" for month1, else the folder's name.</summary>
    public string MonthTitle => Regex.Match(Month, @"^month(\d+)$") is { Success: true } m ? $"Month {m.Groups[1].Value}" : Month;

    /// <summary>A week's place in the site from its parsed source.</summary>
    public static SiteWeek For(WeekSource source)
    {
        var month = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(source.Path))) ?? "";
        var page = $"{month}/{Path.GetFileNameWithoutExtension(source.Path)}.html";
        return new SiteWeek(source.Path, month, source.Week, TitleOf(source), page);
    }

    /// <summary>The text of the first markdown heading of any level (<c># Week 4 · …</c>), else the file's name.</summary>
    public static string TitleOf(WeekSource source) => HeadingOf(source) ?? Path.GetFileNameWithoutExtension(source.Path);

    /// <summary>The text of the week's first markdown heading of any level; null when it has none.</summary>
    public static string? HeadingOf(WeekSource source)
    {
        foreach (var cell in source.Cells.Where(c => c.Kind == CellKind.Markdown))
            foreach (var line in cell.Text.Split('\n'))
                if (Regex.Match(line, @"^#{1,6}\s+(.+?)\s*#*\s*$") is { Success: true } m) return m.Groups[1].Value;
        return null;
    }

    /// <summary>The link from a week's page (one folder down) to another page of the site (a week's, or "index.html").</summary>
    public string LinkTo(string otherPage) => Page.Contains('/') ? "../" + otherPage : otherPage;
}

/// <summary>How a week's render went: the line <c>tg course render</c> prints and the index's row.</summary>
/// <param name="Week">The week.</param>
/// <param name="Passed">Whether its program exited 0 (with strict exercises: every check passed).</param>
/// <param name="Seconds">Its wall time, the build included.</param>
/// <param name="Charts">Charts placed on its page.</param>
/// <param name="FailedCell">The id of the cell it failed in; null when it passed or failed before its first cell.</param>
/// <param name="Failure">What went wrong, in a sentence; null when it passed.</param>
public sealed record RenderedWeek(SiteWeek Week, bool Passed, double Seconds, int Charts, string? FailedCell, string? Failure);
