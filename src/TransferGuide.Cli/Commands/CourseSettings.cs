namespace TransferGuide.Cli.Commands;

/// <summary>
/// The week sources a <c>tg course</c> verb works on: the ones named, or every <c>monthN/weekNN-*.cs</c> of the
/// repository above the working directory.
/// </summary>
public abstract class CourseSettings : CommandSettings
{
    /// <summary>Week sources.</summary>
    [CommandArgument(0, "[SOURCE]"), Description("Week sources (default: every monthN/weekNN-*.cs of the repository).")] public string[] Sources { get; init; } = [];

    /// <summary>The sources to work on, as full paths; throws <see cref="CliInputException"/> when there are none or one is missing.</summary>
    public IReadOnlyList<string> ResolveSources()
    {
        var sources = Sources.Length > 0 ? Sources.Select(Path.GetFullPath).ToList() : WeekNotebook.FindSources(Repository.FromWorkingDirectory());
        if (sources.Count == 0) throw new CliInputException("No week sources (monthN/weekNN-*.cs) found; run this inside the TransferGuide repository or name the sources.");
        if (sources.FirstOrDefault(p => !File.Exists(p)) is { } missing) throw new CliInputException($"No week source at {missing}.");
        return sources;
    }
}

/// <summary>Course verbs that run the weeks as programs: how long one may take.</summary>
public abstract class CourseRunSettings : CourseSettings
{
    /// <summary>Per-week timeout.</summary>
    [CommandOption("--timeout <MINUTES>"), OptionRange(1, 1440), Description("Minutes one week may take, its build included (default 30).")] public int Timeout { get; init; } = 30;
}

/// <summary>A <c>tg course</c> verb: resolves its week sources (a clear error when there are none), then runs on them.</summary>
/// <typeparam name="TSettings">The verb's options.</typeparam>
public abstract class CourseCommand<TSettings> : Command<TSettings> where TSettings : CourseSettings
{
    /// <inheritdoc />
    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken) =>
        Run(settings.ResolveSources(), settings, cancellationToken);

    /// <summary>The verb's work on <paramref name="sources"/>; returns the exit code.</summary>
    protected abstract int Run(IReadOnlyList<string> sources, TSettings settings, CancellationToken cancel);
}
