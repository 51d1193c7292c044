using TransferGuide.Cli.Course;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg course run</c>: runs weeks as plain programs (<c>dotnet run monthN/weekNN-*.cs</c>), one line per week
/// with its time and charts, the way <c>tg notebooks run</c> runs them through Jupyter.
/// </summary>
public sealed class CourseRunCommand : Command<CourseRunCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CourseRunSettings
    {
        /// <summary>Quick mode.</summary>
        [CommandOption("--quick"), Description("Quick mode (TRANSFERGUIDE_QUICK=1): fewer images, smaller inputs, fewer epochs.")] public bool Quick { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var sources = s.ResolveSources();
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
