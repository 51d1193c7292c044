using TransferGuide.Bench;
using TransferGuide.Reports;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg bench accuracy</c>: the default recipe over seeds on sets far from ImageNet and on its home ground, each run a
/// fresh <c>tg train</c> process; mean and spread of the test accuracy against each set's target, wall time and peak
/// memory. Finished runs are kept and reused, so a stopped benchmark carries on where it was.
/// </summary>
public sealed class BenchAccuracyCommand : Command<BenchAccuracyCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Sets.</summary>
        [CommandOption("--sets <LIST>"), Description("Comma-separated sets: sign_digits, fashion_k100, fsdd_mel, flowers17_fog3, ants_bees, flowers17 (default all), or folders of your own class folders.")] public string? Sets { get; init; }

        /// <summary>Seeds.</summary>
        [CommandOption("--seeds <LIST>"), Description("Comma-separated seeds, one run each (default 1,2,3).")] public string Seeds { get; init; } = "1,2,3";

        /// <summary>Precisions.</summary>
        [CommandOption("--precisions <LIST>"), Description("Comma-separated precisions, paired on the same seeds (default fp32; fp32,bf16 compares them).")] public string Precisions { get; init; } = "fp32";

        /// <summary>Recipe.</summary>
        [CommandOption("--recipe <RECIPE>"), Description("The recipe measured: finetune (default), extract or auto.")] public string Recipe { get; init; } = "finetune";

        /// <summary>Extra tg train options.</summary>
        [CommandOption("--train-args <ARGS>"), Description("More tg train options for every run, e.g. \"--image-size 160\".")] public string? TrainArgs { get; init; }

        /// <summary>Prepared data.</summary>
        [CommandOption("--data-dir <DIR>"), Description("Where prepared sets (Fashion-MNIST folders, spectrogram images) are written (default bench-data).")] public string DataDir { get; init; } = "bench-data";

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Folder of the run folders and the timestamped JSON (default bench-results/accuracy). Finished runs there are reused.")] public string Out { get; init; } = Path.Combine("bench-results", "accuracy");
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancel)
    {
        var seeds = s.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, out int v) && v >= 0 ? v : throw new CliInputException($"--seeds: '{x}' is not a seed (use e.g. 1,2,3).")).ToArray();
        var precisions = s.Precisions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in precisions)
            if (p is not ("fp32" or "bf16" or "fp16")) throw new CliInputException($"--precisions: '{p}' is not fp32, bf16 or fp16.");
        if (!TrainRecipeNames.Contains(s.Recipe)) throw new CliInputException($"--recipe: '{s.Recipe}' is not one of {string.Join(", ", TrainRecipeNames)}.");
        var sets = Sets(s.Sets);
        var extra = s.TrainArgs?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(MachineDescription.Describe())}[/]");
        AnsiConsole.MarkupLine($"[grey]{sets.Count} set(s) x {seeds.Length} seed(s) x {precisions.Length} precision(s); recipe {Markup.Escape(s.Recipe)}; " +
                               $"runs in {Markup.Escape(Path.GetFullPath(s.Out))} (finished ones are reused)[/]");

        var runs = new List<AccuracyRun>();
        var skipped = new List<string>();
        foreach (var set in sets)
        {
            if (!Prepare(set, s.DataDir, cancel, out var why)) { skipped.Add($"{set.Name}: {why}"); AnsiConsole.MarkupLine($"[yellow]skipped {Markup.Escape(set.Name)}: {Markup.Escape(why)}[/]"); continue; }
            foreach (int seed in seeds)
                foreach (var precision in precisions)
                {
                    var folder = Path.Combine(s.Out, "runs", set.Name, $"{s.Recipe}-{precision}-seed{seed}");
                    var metrics = Finished(folder);
                    if (metrics == null)
                    {
                        AnsiConsole.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss} {Markup.Escape(set.Name)} seed {seed} {precision}: training...[/]");
                        Train(set, seed, precision, folder, s, extra, cancel);
                        metrics = Finished(folder) ?? throw new InvalidOperationException($"tg train wrote no metrics.json under {folder}.");
                    }
                    var run = new AccuracyRun(set.Name, precision, seed, metrics.Recipe, metrics.TestAccuracy ?? metrics.Accuracy, metrics.ValAccuracy,
                        metrics.Epochs, metrics.BestEpoch, metrics.WallSeconds, metrics.PeakRssMb, metrics.SingleViewAccuracy);
                    runs.Add(run);
                    AnsiConsole.MarkupLine(Markup.Escape($"{set.Name} seed {seed} {precision}: test {run.TestAccuracy:P1}" +
                                                         (metrics.Tta != null ? $" ({metrics.Tta} TTA; centre crop {run.SingleViewAccuracy:P1})" : "") + $", validation {run.ValAccuracy:P1}, " +
                                                         $"{run.Epochs} epochs (best {run.BestEpoch?.ToString() ?? "-"}), {run.WallSeconds:F0} s, peak {run.PeakRssMb:F0} MB"));
                }
        }
        var summary = AccuracySummary.Of(runs, AccuracySet.Default);
        Show(summary);
        RunDisplay.SaveJson(s.Out, "accuracy", new { machine = MachineDescription.Describe(), recipe = s.Recipe, seeds, precisions, train_args = s.TrainArgs, summary, runs, skipped });
        return ExitCodes.Ok;
    }

    static readonly string[] TrainRecipeNames = [.. TransferGuide.Recipes.TrainRecipe.Recipes];

    static IReadOnlyList<AccuracySet> Sets(string? list)
    {
        if (list == null) return AccuracySet.Default;
        try { return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AccuracySet.Named).ToList(); }
        catch (ArgumentException e) { throw new CliInputException("--sets: " + e.Message); }
    }

    static bool Prepare(AccuracySet set, string dataRoot, CancellationToken cancel, out string why)
    {
        why = "";
        if (set.Prepare == null) return true;
        try
        {
            // Written to NAME.partial and moved in when done, so a stopped preparation is never reused as the set.
            PreparedFolder.Ensure(set.Folder(dataRoot), staging =>
            {
                var args = set.Prepare.Select(a => a.Replace("{dir}", staging)).ToList();
                AnsiConsole.MarkupLine($"[grey]preparing {Markup.Escape(set.Name)}: tg {Markup.Escape(string.Join(' ', args))}[/]");
                SelfProcess.Run(args, cancel);
            });
            return true;
        }
        catch (InvalidOperationException e)
        {
            why = $"could not prepare it{(set.Needs != null ? $"; it needs {set.Needs}" : "")}: {ChildReason(e)}";
            return false;
        }
    }

    /// <summary>
    /// One run: a fresh <c>tg train</c>, or, where a stopped benchmark left a run with a checkpoint and no metrics
    /// (Ctrl+C, a closed session, a reboot), <c>tg train --resume</c> from its last epoch: a far-domain run is half an
    /// hour on 2 cores. A checkpoint that cannot be resumed is said so and the run starts again.
    /// </summary>
    static void Train(AccuracySet set, int seed, string precision, string folder, Settings s, string[] extra, CancellationToken cancel)
    {
        Action<string> show = line => { if (AccuracyProgress.Line(set.Name, seed, precision, line) is { } shown) AnsiConsole.MarkupLine("[grey]" + Markup.Escape(shown) + "[/]"); };
        if (Unfinished(folder) is { } stopped)
        {
            AnsiConsole.MarkupLine($"[grey]resuming the stopped run {Markup.Escape(stopped)}[/]");
            try { SelfProcess.Run(["train", "--resume", stopped, .. set.DataArguments(s.DataDir)], cancel, onLine: show); return; }
            catch (InvalidOperationException e)
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape($"could not resume {stopped}, so the run starts again: {ChildReason(e)}")}[/]");
            }
        }
        SelfProcess.Run(["train", .. set.DataArguments(s.DataDir), "--recipe", s.Recipe, "--seed", $"{seed}", "--precision", precision,
            "--runs", folder, .. extra], cancel, onLine: show);
    }

    /// <summary>The first line a failed child printed (what <see cref="SelfProcess.Run"/>'s message holds after its own first line).</summary>
    static string? ChildReason(InvalidOperationException e) => e.Message.Split('\n').Skip(1).FirstOrDefault(l => l.Trim().Length > 0)?.Trim();

    /// <summary>The newest run under <paramref name="folder"/> that has a checkpoint but no metrics: stopped before it finished.</summary>
    static string? Unfinished(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "model.tgck")) && !File.Exists(Path.Combine(d, "metrics.json")))
                .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    static RunMetrics? Finished(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "metrics.json", SearchOption.TopDirectoryOnly).Concat(
                Directory.GetDirectories(folder).Select(d => Path.Combine(d, "metrics.json")).Where(File.Exists))
            .Select(RunMetrics.Load).FirstOrDefault() : null;

    static void Show(IReadOnlyList<AccuracySummary> summary)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("set", "domain", "precision", "runs", "test accuracy (mean ± sd)", "min - max", "target", "", "wall s (mean)", "peak MB");
        foreach (var r in summary)
            table.AddRow(r.Set, r.Domain, r.Precision, $"{r.Runs}", $"{r.Mean:P1} ± {r.Spread:P1}", $"{r.Min:P1} - {r.Max:P1}", $"{r.Target:P0}",
                r.Meets ? "[green]meets[/]" : "[red]below[/]", $"{r.MeanWallSeconds:F0}", $"{r.PeakRssMb:F0}");
        AnsiConsole.Write(table);
        foreach (var group in summary.GroupBy(r => r.Set).Where(g => g.Count() > 1))
        {
            var reference = group.First();
            foreach (var other in group.Skip(1))
                AnsiConsole.MarkupLine(Markup.Escape($"{group.Key}: {other.Precision} {other.Mean:P1} against {reference.Precision} {reference.Mean:P1}: " +
                                                     (AccuracySummary.WithinSpread(reference, other) ? "within the seed spread" : "below the seed spread")));
        }
    }
}
