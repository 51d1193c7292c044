namespace TransferGuide.Cli.Course;

/// <summary>
/// <c>tg course render</c>'s work: runs each week's instrumented copy (<see cref="InstrumentedWeek"/>) as a program
/// with <see cref="CourseDisplay.RenderVariable"/> set, splits what it printed by cell (<see cref="CellOutputs"/>),
/// and writes a static site that reads offline: one page per week (<see cref="WeekPage"/>) and an index
/// (<see cref="CourseIndexPage"/>).
/// </summary>
public sealed class CourseRenderer
{
    /// <summary>The repository the weeks belong to (its notebooks/Weeks.props and Directory.Build.targets apply to the copies).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The site's folder.</summary>
    public required string OutFolder { get; init; }

    /// <summary>Where the instrumented copies and chart fragments go; inside the repository (default <c>runs/.render</c>).</summary>
    public string? WorkFolder { get; init; }

    /// <summary>Quick mode (the default) or the full runs.</summary>
    public bool Quick { get; init; } = true;

    /// <summary>How long one week may take, its build included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The course's title on the index.</summary>
    public string Title { get; init; } = CourseIndexPage.DefaultTitle;

    /// <summary>The mode's name on the pages: "quick" or "full".</summary>
    public string Mode => Quick ? "quick" : "full";

    /// <summary>Whether pages show the exercises' reference solutions (off: students read the site before doing them).</summary>
    public bool Solutions { get; init; }

    string Work => Path.GetFullPath(WorkFolder ?? Path.Combine(RepositoryRoot, "runs", ".render"));

    /// <summary>
    /// Parses and instruments every source before anything runs, so that a bad one stops the render at once.
    /// </summary>
    /// <exception cref="FileNotFoundException">A source is missing.</exception>
    /// <exception cref="FormatException">A source is not a well-formed week (the message names the file and line).</exception>
    public IReadOnlyList<InstrumentedWeek> Prepare(IEnumerable<string> sources) =>
        sources.Select(s => InstrumentedWeek.Prepare(s, RepositoryRoot, Work)).ToList();

    /// <summary>Renders the weeks (from <see cref="Prepare"/>) in order, then the index; <paramref name="onWeek"/> hears each week as it ends.</summary>
    public IReadOnlyList<RenderedWeek> Render(IReadOnlyList<InstrumentedWeek> weeks, Action<RenderedWeek>? onWeek = null, CancellationToken cancel = default)
    {
        var site = weeks.Select(w => SiteWeek.For(w.Source)).ToList();
        var results = new List<RenderedWeek>();
        for (int i = 0; i < weeks.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var result = RenderWeek(weeks[i], site[i], i > 0 ? site[i - 1] : null, i + 1 < site.Count ? site[i + 1] : null, cancel);
            results.Add(result);
            onWeek?.Invoke(result);
        }
        AtomicFile.WriteText(Path.Combine(OutFolder, "index.html"), CourseIndexPage.Build(Title, results, Mode, DateTimeOffset.Now));
        return results;
    }

    /// <summary>The site's index page.</summary>
    public string IndexPath => Path.Combine(OutFolder, "index.html");

    RenderedWeek RenderWeek(InstrumentedWeek week, SiteWeek place, SiteWeek? previous, SiteWeek? next, CancellationToken cancel)
    {
        var fragments = Path.Combine(Work, "charts", place.Month, week.Source.Week);
        if (Directory.Exists(fragments)) Directory.Delete(fragments, recursive: true);
        Directory.CreateDirectory(fragments);
        var program = new WeekProgram
        {
            Quick = Quick, Timeout = Timeout, KeepCarriageReturns = true,
            Environment = new Dictionary<string, string?> { [CourseDisplay.RenderVariable] = fragments },
        };
        var run = program.Run(week.Copy, RepositoryRoot, cancel);
        // Messages name the copy; the reader knows the original (same lines).
        var output = run.Output.Replace(week.Copy, week.Original, StringComparison.Ordinal);
        var outputs = CellOutputs.Split(output);
        var failedCell = run.Passed ? null : outputs.LastCell;
        var result = new RenderedWeek(place, run.Passed, run.Seconds, outputs.Charts, failedCell, run.Passed ? null : Failure(run, output));
        var tail = run.Passed || failedCell != null ? "" : string.Join("\n", output.TrimEnd().Split('\n').Select(CellOutputs.Clean).TakeLast(40));
        var page = WeekPage.Build(new WeekPage.Input(week.Source, week.Ids, outputs, result,
            name => File.Exists(Path.Combine(fragments, name)) ? File.ReadAllText(Path.Combine(fragments, name)) : null,
            previous, next, Mode, tail, Solutions));
        AtomicFile.WriteText(Path.Combine(OutFolder, place.Page.Replace('/', Path.DirectorySeparatorChar)), page);
        return result;
    }

    /// <summary>Why a run failed, in a sentence or two: the time limit, the unhandled exception, or the exit code.</summary>
    static string Failure(WeekProgramRun run, string output)
    {
        if (run.ExitCode == -1) return "It ran past its time limit and was stopped.";
        var exception = output.Split('\n').Select(CellOutputs.Clean)
            .FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal));
        var error = output.Split('\n').Select(CellOutputs.Clean).FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal));
        return $"The program exited with code {run.ExitCode}." + ((exception ?? error) is { } e ? " " + e : "");
    }
}
