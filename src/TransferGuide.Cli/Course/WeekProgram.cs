namespace TransferGuide.Cli.Course;

/// <summary>How one week went as a program.</summary>
/// <param name="Source">The week's source file.</param>
/// <param name="Passed">Whether it exited 0 (with strict exercises, every check passed).</param>
/// <param name="Seconds">Wall time, the build included.</param>
/// <param name="Charts">Charts it showed (chart files written, or fragments when rendering).</param>
/// <param name="Output">Everything it printed, standard output and errors interleaved.</param>
/// <param name="ExitCode">The process's exit code.</param>
public sealed record WeekProgramRun(string Source, bool Passed, double Seconds, int Charts, string Output, int ExitCode)
{
    /// <summary>The end of the output, where a failure's reason stands.</summary>
    public string Tail(int lines = 25) => string.Join("\n", Output.TrimEnd().Split('\n').TakeLast(lines));
}

/// <summary>
/// Runs a week's source as the .NET file-based program it is (<c>dotnet run monthN/weekNN-*.cs</c>), from the
/// repository root, with quick mode and strict exercises as asked: the same thing a student types.
/// </summary>
public sealed class WeekProgram
{
    /// <summary>Quick mode (TRANSFERGUIDE_QUICK=1).</summary>
    public bool Quick { get; init; }

    /// <summary>Whether a failed exercise check fails the run (TRANSFERGUIDE_STRICT_EXERCISES=1).</summary>
    public bool StrictExercises { get; init; } = true;

    /// <summary>How long one week may take, its build included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>More environment for the program (e.g. the renderer's output folder).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether a '\r' inside an output line is kept (lines then end at '\n' only): the renderer keeps a redrawn line's last state.</summary>
    public bool KeepCarriageReturns { get; init; }

    /// <summary>Each output line as it comes (progress for long weeks); null prints nothing.</summary>
    public Action<string>? OnLine { get; init; }

    /// <summary>Builds and runs <paramref name="source"/>; <paramref name="workingDirectory"/> defaults to the repository root.</summary>
    public WeekProgramRun Run(string source, string? workingDirectory = null, CancellationToken cancel = default)
    {
        var env = new Dictionary<string, string?>(Environment)
        {
            [QuickMode.Variable] = Quick ? "1" : null,
            [Exercise.StrictVariable] = StrictExercises ? "1" : null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var repo = Repository.Find(Path.GetDirectoryName(Path.GetFullPath(source))!);
        var result = ChildProcess.Run("dotnet", ["run", "--file", Path.GetFullPath(source), .. ArtifactsArguments(source, repo)], new ChildOptions
        {
            WorkingDirectory = workingDirectory ?? repo ?? Directory.GetCurrentDirectory(),
            Environment = env, Timeout = Timeout, OnOutputLine = OnLine, KeepCarriageReturns = KeepCarriageReturns,
        }, cancel);
        var output = result.TimedOut ? result.Combined + $"\n(stopped after {Timeout.TotalMinutes:F0} minutes)" : result.Combined;
        int charts = output.Split('\n').Count(l => l.StartsWith("chart: ", StringComparison.Ordinal)
                                                   || l.StartsWith($"{CourseDisplay.Marker}chart ", StringComparison.Ordinal));
        return new WeekProgramRun(source, result.ExitCode == 0 && !result.TimedOut, clock.Elapsed.TotalSeconds, charts, output, result.ExitCode);
    }

    /// <summary>
    /// The build folder of a week run from a checkout: <c>runs/.build/WEEK</c> inside it. Left to itself, <c>dotnet run
    /// file.cs</c> keeps each program's build (about 600 MB: the libtorch natives) in a per-user folder keyed by the
    /// source's path, and never removes it; every clone, render copy and test fixture added one, and a day of work
    /// filled a 250 GB disk. Inside the checkout, a build is reused by the next run and goes when the checkout goes; and
    /// since Directory.Build.props hard-links the natives to the NuGet cache, it takes about 10 MB of its own.
    /// </summary>
    public static string? BuildFolder(string source, string? repository) =>
        repository == null ? null : Path.Combine(repository, "runs", ".build", Path.GetFileNameWithoutExtension(source));

    static string[] ArtifactsArguments(string source, string? repository) =>
        BuildFolder(source, repository) is { } folder ? ["--artifacts-path", folder] : [];
}
