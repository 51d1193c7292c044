using TransferGuide.Cli.Commands;

namespace TransferGuide.Cli;

/// <summary>
/// Every verb path <c>tg</c> accepts and the command behind it, for the strict argument check
/// (<see cref="StrictArguments"/>). <see cref="TgApp"/> registers the same verbs; a test keeps the two in step.
/// </summary>
public static class VerbTable
{
    /// <summary>Verb paths (e.g. "data report") and their command classes; a branch with a default command is listed alone too.</summary>
    public static IReadOnlyList<(string Path, Type Command)> Verbs { get; } =
    [
        ("doctor", typeof(DoctorCommand)),
        ("numerics-probe", typeof(NumericsProbeCommand)),
        ("quickstart", typeof(QuickstartCommand)),
        ("train", typeof(TrainCommand)),
        ("notebooks run", typeof(NotebooksRunCommand)),
        ("course build", typeof(CourseBuildCommand)),
        ("course run", typeof(CourseRunCommand)),
        ("course render", typeof(CourseRenderCommand)),
        ("assign", typeof(AssignCommand)),
        ("grade", typeof(GradeCommand)),
        ("models", typeof(ModelsCommand)),
        ("ensemble", typeof(EnsembleCommand)),
        ("distill", typeof(DistillCommand)),
        ("bias", typeof(BiasCommand)),
        ("adapt", typeof(AdaptCommand)),
        ("fewshot", typeof(FewShotCommand)),
        ("drift", typeof(DriftCommand)),
        ("bench", typeof(BenchCommand)),
        ("bench all", typeof(BenchCommand)),
        ("bench accuracy", typeof(BenchAccuracyCommand)),
        ("bench precision", typeof(BenchPrecisionCommand)),
        ("fewlabels", typeof(FewLabelsCommand)),
        ("text augment", typeof(TextAugmentCommand)),
        ("audio spectrograms", typeof(AudioSpectrogramsCommand)),
        ("data report", typeof(DataReportCommand)),
        ("data bench", typeof(DataBenchCommand)),
        ("data corrupt", typeof(DataCorruptCommand)),
        ("evaluate", typeof(EvaluateCommand)),
    ];

    /// <summary>Branches: words that only lead to sub-verbs.</summary>
    public static IReadOnlySet<string> Branches { get; } =
        Verbs.Select(v => v.Path.Split(' ')).Where(p => p.Length > 1).Select(p => p[0]).ToHashSet();

    /// <summary>The settings class of a command class (the T of Command&lt;T&gt;).</summary>
    public static Type SettingsOf(Type command)
    {
        for (var t = command; t != null; t = t.BaseType)
            if (t.IsGenericType) return t.GetGenericArguments()[0];
        throw new InvalidOperationException($"{command.Name} is not a Command<TSettings>.");
    }
}
