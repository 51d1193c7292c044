using TransferGuide.Cli.Course;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg course render</c>: runs every week (quick mode unless <c>--full</c>) and writes a static site that reads
/// offline: one page per week with its narrative, code, output and charts, and an index. One line per week.
/// </summary>
public sealed class CourseRenderCommand : CourseCommand<CourseRenderCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CourseRunSettings
    {
        /// <summary>The site's folder.</summary>
        [CommandOption("--out <DIR>"), Description("The site's folder (default: site); index.html and monthN/weekNN-*.html go there.")] public string Out { get; init; } = "site";

        /// <summary>Show solutions.</summary>
        [CommandOption("--solutions"), Description("Show the exercises' reference solutions (an instructor's copy); by default pages show the student version of each exercise.")] public bool Solutions { get; init; }

        /// <summary>Full mode.</summary>
        [CommandOption("--full"), Description("Full runs with the real numbers (default: quick mode, TRANSFERGUIDE_QUICK=1).")] public bool Full { get; init; }
    }

    /// <inheritdoc />
    protected override int Run(IReadOnlyList<string> sources, Settings s, CancellationToken cancellationToken)
    {
        var renderer = new CourseRenderer
        {
            RepositoryRoot = Repository.Find(Path.GetDirectoryName(sources[0])!) ?? Repository.FromWorkingDirectory(), OutFolder = Path.GetFullPath(s.Out),
            Quick = !s.Full, Timeout = TimeSpan.FromMinutes(s.Timeout), Solutions = s.Solutions,
        };
        IReadOnlyList<InstrumentedWeek> weeks;
        try { weeks = renderer.Prepare(sources); }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.InvalidInput;
        }
        var cwd = Directory.GetCurrentDirectory();
        Console.WriteLine($"Rendering {weeks.Count} week(s) to {Path.GetRelativePath(cwd, renderer.OutFolder)}, {renderer.Mode} mode");
        IReadOnlyList<RenderedWeek> results;
        try
        {
            results = renderer.Render(weeks, w => Console.WriteLine(WeekRunLines.Line(
                    new WeekOutcome(w.Passed, w.Seconds, w.Charts, w.Passed ? null : $"{(w.FailedCell is { } c ? $"failed in cell {c}: " : "")}{w.Failure}"),
                    $"{Path.GetRelativePath(cwd, w.Week.Source)} -> {Path.GetRelativePath(cwd, Path.Combine(renderer.OutFolder, w.Week.Page))}")),
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return ExitCodes.Stopped; }
        int failed = results.Count(r => !r.Passed);
        Console.WriteLine($"{WeekRunLines.Summary(results.Count - failed, failed, results.Sum(r => r.Seconds))}; site: {Path.GetRelativePath(cwd, renderer.IndexPath)}");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.RunFailed;
    }
}
