using TransferGuide.Cli.Course;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg course run</c>: runs weeks as plain programs (<c>dotnet run monthN/weekNN-*.cs</c>), one line per week
/// with its time and charts, the way <c>tg notebooks run</c> runs them through Jupyter.
/// </summary>
public sealed class CourseRunCommand : CourseCommand<CourseRunCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CourseRunSettings
    {
        /// <summary>Quick mode.</summary>
        [CommandOption("--quick"), Description("Quick mode (TRANSFERGUIDE_QUICK=1): fewer images, smaller inputs, fewer epochs.")] public bool Quick { get; init; }
    }

    /// <inheritdoc />
    protected override int Run(IReadOnlyList<string> sources, Settings s, CancellationToken cancellationToken)
    {
        var runner = new WeekProgram { Quick = s.Quick, Timeout = TimeSpan.FromMinutes(s.Timeout) };
        Console.WriteLine($"Running {sources.Count} week(s) as programs (dotnet run), {(s.Quick ? "quick" : "full")} mode");
        return WeekRunLines.RunAll(sources, source =>
        {
            var run = runner.Run(source, cancel: cancellationToken);
            return new WeekOutcome(run.Passed, run.Seconds, run.Charts, run.Passed ? null : run.Tail());
        }, cancellationToken);
    }
}
