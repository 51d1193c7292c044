namespace TransferGuide.Cli.Commands;

/// <summary>How one week went, in the terms every week-running verb prints.</summary>
/// <param name="Passed">Whether it ran through.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Charts">Charts it showed.</param>
/// <param name="Detail">For a failure, why (indented under the line); null prints nothing more.</param>
public sealed record WeekOutcome(bool Passed, double Seconds, int Charts, string? Detail);

/// <summary>
/// The output of <c>tg notebooks run</c>, <c>tg course run</c> and <c>tg course render</c>: one plain line per week
/// (PASS or FAIL, seconds, charts, path), then a total. Plain text, no markup: CI logs and instructors' scripts read it.
/// </summary>
public static class WeekRunLines
{
    /// <summary>The line for one week.</summary>
    public static string Line(WeekOutcome week, string path) =>
        $"{(week.Passed ? "PASS" : "FAIL")}  {week.Seconds,6:F1} s  {week.Charts,2} chart(s)  {path}" +
        (week.Detail is { } why ? "\n      " + why.Replace("\n", "\n      ") : "");

    /// <summary>Runs each item in turn, printing its line, then the total; returns the verb's exit code.</summary>
    public static int RunAll(IReadOnlyList<string> items, Func<string, WeekOutcome> run, CancellationToken cancel)
    {
        var cwd = Directory.GetCurrentDirectory();
        int failed = 0, done = 0;
        double total = 0;
        foreach (var item in items)
        {
            if (cancel.IsCancellationRequested) break;
            var week = run(item);
            done++;
            total += week.Seconds;
            if (!week.Passed) failed++;
            Console.WriteLine(Line(week, Path.GetRelativePath(cwd, item)));
        }
        Console.WriteLine(Summary(done - failed, failed, total));
        return cancel.IsCancellationRequested ? ExitCodes.Stopped : failed == 0 ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    /// <summary>The closing line.</summary>
    public static string Summary(int passed, int failed, double seconds) => $"{passed} passed, {failed} failed, {seconds:F0} s in all";
}
