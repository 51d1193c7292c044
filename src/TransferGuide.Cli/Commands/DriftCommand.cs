using TransferGuide.Monitoring;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg drift</c>: has the data moved since a run was trained? MMD, KS and PSI on ImageNet ResNet18 embeddings.</summary>
public sealed class DriftCommand : Command<DriftCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Reference run.</summary>
        [CommandOption("--reference <RUN>"), Description("A run folder of tg quickstart or tg train (or its model.tgck): its training data is the reference.")] public string? Reference { get; init; }

        /// <summary>Reference catalog dataset.</summary>
        [CommandOption("--reference-dataset <NAME>"), Description("A catalog dataset as the reference (its training part), instead of --reference.")] public string? ReferenceDataset { get; init; }

        /// <summary>Reference folder.</summary>
        [CommandOption("--reference-data <DIR>"), Description("A class-folder tree as the reference (its training part), instead of --reference.")] public string? ReferenceData { get; init; }

        /// <summary>New data.</summary>
        [CommandOption("--data <DIR>"), Description("The new images: one sub-folder per class (labels are only used by --incremental), optionally under train/ and test/.")] public string? Data { get; init; }

        /// <summary>New images at most.</summary>
        [CommandOption("--max-new <N>"), OptionRange(2, 1_000_000), Description("New images embedded at most, a seeded subsample (default 300).")] public int MaxNew { get; init; } = 300;

        /// <summary>Permutations.</summary>
        [CommandOption("--permutations <N>"), OptionRange(1, 100_000), Description("Permutations of the MMD test (default 200).")] public int Permutations { get; init; } = 200;

        /// <summary>Alpha.</summary>
        [CommandOption("--alpha <A>"), OptionRange(0, 0.5, MinExclusive = true), Description("False-alarm rate of each test, above 0 and at most 0.5 (default 0.05).")] public double Alpha { get; init; } = 0.05;

        /// <summary>Components.</summary>
        [CommandOption("--components <N>"), OptionRange(1, 512), Description("Principal components of the reference read by KS and PSI (default 10).")] public int Components { get; init; } = 10;

        /// <summary>Correction.</summary>
        [CommandOption("--correction <NAME>"), Description("holm or bonferroni: the multiple-test correction of the KS p-values (default holm).")] public string Correction { get; init; } = "holm";

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the subsamples, permutations and updates (default: the run's seed, else 42).")] public int? Seed { get; init; }

        /// <summary>Incremental comparison.</summary>
        [CommandOption("--incremental"), Description("Also update a bottleneck+head on the labelled new data: naive, rehearsal and LwF, with new accuracy and forgetting.")] public bool Incremental { get; init; }

        /// <summary>Update steps.</summary>
        [CommandOption("--steps <N>"), OptionRange(1, 100_000), Description("Update steps of --incremental, the same for every method (default 200).")] public int Steps { get; init; } = 200;

        /// <summary>Update rate.</summary>
        [CommandOption("--lr <RATE>"), OptionRange(0, 10, MinExclusive = true), Description("AdamW rate of the --incremental updates (default 3e-4).")] public double LearningRate { get; init; } = 3e-4;

        /// <summary>Power curve.</summary>
        [CommandOption("--power"), Description("Also measure the power curve (corrupted held-out images, severities 1-5) and the false-alarm rate on the reference dataset.")] public bool Power { get; init; }

        /// <summary>Corruptions of the power curve.</summary>
        [CommandOption("--corruptions <LIST>"), Description("Corruptions of --power, comma-separated (default fog,gaussian_noise).")] public string Corruptions { get; init; } = "fog,gaussian_noise";

        /// <summary>Draws.</summary>
        [CommandOption("--draws <N>"), OptionRange(1, 10_000), Description("Random new samples per --power setting (default 50).")] public int Draws { get; init; } = 50;

        /// <summary>Sample size.</summary>
        [CommandOption("--sample-size <N>"), OptionRange(2, 100_000), Description("New images per --power draw (default 100).")] public int SampleSize { get; init; } = 100;

        /// <summary>Where run folders go.</summary>
        [CommandOption("--runs <DIR>"), Description("Folder for run folders (default ./runs).")] public string Runs { get; init; } = "runs";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var correction = s.Correction.Trim().ToLowerInvariant() switch
        {
            "holm" => Correction.Holm,
            "bonferroni" => Correction.Bonferroni,
            _ => throw new ArgumentException($"--correction '{s.Correction}' is not known. Pass holm or bonferroni."),
        };
        int referenceOptions = new[] { s.Reference, s.ReferenceDataset, s.ReferenceData }.Count(r => r != null);
        if (referenceOptions != 1)
            throw new ArgumentException(referenceOptions == 0
                ? "Pass --reference RUN (a run folder of tg quickstart or tg train), or --reference-dataset NAME / --reference-data DIR."
                : "Pass only one of --reference, --reference-dataset and --reference-data.");
        if (s.Incremental && s.Data == null) throw new ArgumentException("--incremental updates on the new data: pass --data DIR (labelled class folders).");
        int seed = s.Seed ?? 42;
        var options = new DriftRunOptions(s.Reference, s.ReferenceDataset ?? s.ReferenceData, s.Data, s.MaxNew,
            s.Seed == null && s.Reference != null ? null : new DriftOptions(s.Permutations, s.Alpha, s.Components, correction, Seed: seed),
            s.Incremental, new IncrementalOptions(Steps: s.Steps, LearningRate: s.LearningRate, Seed: seed),
            s.Power ? new PowerOptions(Corruptions: s.Corruptions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Draws: s.Draws, SampleSize: s.SampleSize, Seed: seed) : null,
            s.Runs);
        if (options.Drift == null && (s.Permutations != 200 || s.Alpha != 0.05 || s.Components != 10 || correction != Correction.Holm))
            options = options with { Drift = new DriftOptions(s.Permutations, s.Alpha, s.Components, correction, Seed: seed) };
        var result = RunDisplay.Bar("drift", progress => DriftRecipe.Run(options, RunDisplay.Log, progress, cancellationToken));
        var m = result.Metrics;
        if (m.Drift is { } d)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("test", "statistic", "p-value", "drift?");
            table.AddRow("MMD² (RBF, median bandwidth)", $"{d.Mmd.Statistic:F5}", $"{d.Mmd.PValue:F3} ({d.Mmd.Permutations} permutations)", d.Drift ? "[red]yes[/]" : "no");
            table.AddRow($"KS on {d.Components.Count} components ({d.Options.Correction})", $"max D {d.Components.Max(c => c.KsStatistic):F3}", $"min corrected {d.KsMinAdjustedPValue:F3}", d.KsDrift ? "[red]yes[/]" : "no");
            table.AddRow("PSI per component", $"max {d.MaxPsi:F3}", "n/a", d.PsiLevel.ToString().ToLowerInvariant());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Verdict: [bold]{(d.Drift ? "[red]DRIFT[/]" : "[green]NO DRIFT[/]")}[/] ({d.NewCount} new vs {d.ReferenceCount} reference images, alpha {d.Options.Alpha}; the verdict is the MMD test).");
        }
        if (m.Incremental is { } inc) AnsiConsole.WriteLine(inc.Describe());
        if (m.Power is { } p) AnsiConsole.WriteLine(p.Describe());
        AnsiConsole.MarkupLine($"{m.WallSeconds:F0} s. Written to [blue]{Markup.Escape(result.Folder.Path)}[/] (metrics.json, report.html).");
        return ExitCodes.Ok;
    }
}
