using TransferGuide.Cli.Course;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg course run</c>: runs weeks as plain programs (<c>dotnet run monthN/weekNN-*.cs</c>), one line per week
/// with its time and charts, the way <c>tg notebooks run</c> runs them through Jupyter.
/// </summary>
public sealed class CourseRunCommand : Command<CourseRunCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Week sources.</summary>
        [CommandArgument(0, "[SOURCE]"), Description("Week sources (default: every monthN/weekNN-*.cs of the repository).")] public string[] Sources { get; init; } = [];

        /// <summary>Quick mode.</summary>
        [CommandOption("--quick"), Description("Quick mode (TRANSFERGUIDE_QUICK=1): fewer images, smaller inputs, fewer epochs.")] public bool Quick { get; init; }

        /// <summary>Per-week timeout.</summary>
        [CommandOption("--timeout <MINUTES>"), OptionRange(1, 1440), Description("Minutes one week may take, its build included (default 30).")] public int Timeout { get; init; } = 30;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var sources = s.Sources.Length > 0 ? s.Sources.Select(Path.GetFullPath).ToList() : WeekNotebook.FindSources(Repository.FromWorkingDirectory());
        if (sources.Count == 0) { AnsiConsole.MarkupLine("[red]No week sources (monthN/weekNN-*.cs) found; run this inside the TransferGuide repository.[/]"); return ExitCodes.InvalidInput; }
        if (sources.FirstOrDefault(p => !File.Exists(p)) is { } missing) { AnsiConsole.MarkupLineInterpolated($"[red]No week source at {missing}.[/]"); return ExitCodes.InvalidInput; }
        var runner = new WeekProgram { Quick = s.Quick, Timeout = TimeSpan.FromMinutes(s.Timeout) };
        Console.WriteLine($"Running {sources.Count} week(s) as programs (dotnet run), {(s.Quick ? "quick" : "full")} mode");
        var cwd = Directory.GetCurrentDirectory();
        int failed = 0;
        double total = 0;
        foreach (var source in sources)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var run = runner.Run(source, cancel: cancellationToken);
            total += run.Seconds;
            if (!run.Passed) failed++;
            Console.WriteLine($"{(run.Passed ? "PASS" : "FAIL")}  {run.Seconds,6:F1} s  {run.Charts,2} chart(s)  {Path.GetRelativePath(cwd, source)}");
            if (!run.Passed) Console.WriteLine("      " + run.Tail().Replace("\n", "\n      "));
        }
        Console.WriteLine($"{sources.Count - failed} passed, {failed} failed, {total:F0} s in all");
        return cancellationToken.IsCancellationRequested ? ExitCodes.Stopped : failed == 0 ? ExitCodes.Ok : ExitCodes.RunFailed;
    }
}
