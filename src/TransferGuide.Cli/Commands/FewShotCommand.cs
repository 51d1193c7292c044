using TransferGuide.FewShot;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg fewshot</c>: episodic N-way K-shot evaluation on classes never seen in meta-training: prototypes, a
/// fine-tuned linear head per episode and Reptile, on frozen ResNet18 features, each with a 95% interval.
/// </summary>
public sealed class FewShotCommand : Command<FewShotCommand.Settings>
{
    /// <summary>Options of tg fewshot.</summary>
    [OptionHelp("--dataset", "Catalog dataset (default oxford_flowers17); its classes are split into meta-train, meta-validation and meta-test.")]
    public sealed class Settings() : RunSettings(Defaults.Dataset)
    {
        /// <summary>N.</summary>
        [CommandOption("--ways <N>"), OptionRange(2, 1000), Description("Classes per episode (default 5); at most the number of meta-test classes.")] public int Ways { get; init; } = DefaultFewShot.Ways;

        /// <summary>K values.</summary>
        [CommandOption("--shots <LIST>"), Description("Support images per class, one result per value, e.g. 1,5 (default 1,5).")] public string Shots { get; init; } = "1,5";

        /// <summary>Episodes.</summary>
        [CommandOption("--episodes <N>"), OptionRange(1, 100_000), Description("Test episodes per shot count (default 600, as in papers; 100 is a quick look).")] public int Episodes { get; init; } = DefaultFewShot.Episodes;

        /// <summary>Q.</summary>
        [CommandOption("--queries <N>"), OptionRange(1, 10_000), Description("Query images per class and episode (default 15).")] public int Queries { get; init; } = DefaultFewShot.Queries;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the class split, the episodes and meta-training (default 42).")] public int Seed { get; init; } = DefaultFewShot.Seed;

        /// <summary>Methods.</summary>
        [CommandOption("--methods <LIST>"), Description("Any of proto, linear, reptile, comma-separated (default all three).")] public string Methods { get; init; } = string.Join(",", FewShotOptions.MethodNames);
    }

    static readonly FewShotRecipeOptions Defaults = new();
    static readonly FewShotOptions DefaultFewShot = new();

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = Parse(s);
        var data = Datasets.Load(s.Data == null ? s.Dataset : null, s.Data, new DatasetLoadOptions(s.MaxPixels, AllowDownload: false, Log: RunDisplay.Log));
        if (FewShotRecipe.Problem(data, options) is { } problem)
        {
            var split = ClassSplit.Default(data.Classes.Count, s.Seed);
            throw new CliInputException($"tg fewshot --ways {s.Ways} --shots {s.Shots} --queries {s.Queries} cannot run on {data.Name} ({data.Classes.Count} classes: " +
                                        $"{split.Train.Count} meta-train, {split.Validation.Count} meta-validation, {split.Test.Count} meta-test): {problem}");
        }
        RunFolder.CheckWritable(s.Runs);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after the current episode; extracted features stay cached.");
        FewShotRun run;
        try
        {
            run = RunDisplay.Run(null, (progress, work) => FewShotRecipe.Run(new FewShotRecipeOptions(s.Data == null ? s.Dataset : null, s.Data, options, s.Runs),
                data, RunDisplay.Log, work, cancel.Token), unit: "per s");
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped; nothing was written. Features extracted so far are cached for the next run.");
        }
        var r = run.Result;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("method");
        foreach (var k in r.Shots) table.AddColumn($"{k}-shot (mean ± 95% CI)");
        foreach (var k in r.Shots) table.AddColumn($"{k}-shot vs proto (points)");
        foreach (var m in r.Methods)
            table.AddRow([m, .. r.Shots.Select(k => r.Score(m, k)!.Accuracy.ToString()),
                .. r.Shots.Select(k => r.Score(m, k)!.VersusPrototypes is { } d ? $"{d.Mean * 100:+0.00;-0.00} ± {d.HalfWidth * 100:F2}" : "—")]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"{r.Ways}-way, {r.Queries} queries per class, {r.Episodes} episodes per K, seed {r.Seed}; " +
            $"prototype distance {r.Distance.ToString().ToLowerInvariant()} (chosen on {r.ValidationWays}-way meta-validation episodes)" +
            (r.ReptileBestIteration is { } b ? $"; Reptile weights of outer step {b} (best on meta-validation)" : "") + "."));
        AnsiConsole.MarkupLine(Markup.Escape(r.Split.Describe(run.Data.Classes)));
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(run.Folder.Metrics)}[/] and [blue]{Markup.Escape(run.Folder.Report)}[/] in {run.Metrics.WallSeconds:F1} s " +
                               $"(features {(run.Data.Cached ? "cached" : "extracted")} in {run.Data.Seconds:F1} s, meta-training {r.MetaTrainSeconds:F1} s).");
        return ExitCodes.Ok;
    }

    /// <summary>The options, or a clear error naming the option that is wrong.</summary>
    static FewShotOptions Parse(Settings s)
    {
        var shots = new List<int>();
        foreach (var part in s.Shots.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var k) || k < 1)
                throw new CliInputException($"--shots {s.Shots}: '{part}' is not a whole number of at least 1. Pass a comma-separated list such as --shots 1,5.");
            if (!shots.Contains(k)) shots.Add(k);
        }
        if (shots.Count == 0) throw new CliInputException("--shots is empty. Pass a comma-separated list such as --shots 1,5.");
        var methods = s.Methods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant()).ToList();
        if (methods.FirstOrDefault(m => !FewShotOptions.MethodNames.Contains(m)) is { } unknown)
            throw new CliInputException($"--methods: '{unknown}' is not a method. Did you mean {NearestName.Of(unknown, FewShotOptions.MethodNames)}? " +
                                        $"Valid methods: {string.Join(", ", FewShotOptions.MethodNames)}.");
        if (methods.Count == 0) throw new CliInputException($"--methods is empty. Pass any of {string.Join(", ", FewShotOptions.MethodNames)}.");
        return new FewShotOptions(s.Ways, shots, s.Episodes, s.Queries, s.Seed, methods);
    }
}
