namespace TransferGuide.Cli.Commands;

/// <summary><c>tg ensemble</c>: members fine-tuned with different seeds, their average, TTA and snapshots, against the best member.</summary>
public sealed class EnsembleCommand : Command<EnsembleCommand.Settings>
{
    /// <summary>Options.</summary>
    [OptionHelp("--dataset", "Catalog dataset (default oxford_flowers17).")]
    public sealed class Settings() : ComparisonSettings(Defaults.Dataset)
    {
        /// <summary>Model.</summary>
        [CommandOption("--model <ID>"), Description("Zoo id of every member (default resnet18_imagenet).")] public string Model { get; init; } = Defaults.Model;

        /// <summary>Seeds.</summary>
        [CommandOption("--seeds <LIST>"), Description("One member per seed (default 1,2,3).")] public string Seeds { get; init; } = "1,2,3";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>"), OptionRange(1, 10_000), Description("Epochs over all layers after one head epoch (default 3).")] public int Epochs { get; init; } = Defaults.Epochs;

        /// <summary>TTA views.</summary>
        [CommandOption("--tta <VIEWS>"), Description("Test-time augmentation: flip (2 views), fivecrop (5) or tencrop (10). Default flip.")] public string Tta { get; init; } = "flip";

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <RATE>"), OptionRange(0, 10, MinExclusive = true), Description("Base learning rate of each member's fine-tune (default 1e-3, as Learner.FineTune).")] public double LearningRate { get; init; } = Defaults.LearningRate;

        /// <summary>Precision.</summary>
        [CommandOption("--precision <P>"), Description("fp32, bf16 or fp16 training (default: the learner's default).")] public string? Precision { get; init; }

        /// <summary>Snapshot cycles.</summary>
        [CommandOption("--snapshots <N>"), OptionRange(0, 100), Description("Also a snapshot ensemble of N cosine-restart cycles after the first member (default 0: none).")] public int Snapshots { get; init; } = Defaults.SnapshotCycles;
    }

    // The recipe's own defaults, so that `tg ensemble` with no options runs what EnsembleRecipe.Run(new()) runs.
    static readonly EnsembleOptions Defaults = new();

    static LearnerOptions LearnerOptionsFor(Settings s)
    {
        var options = new LearnerOptions { BatchSize = s.BatchSize, ImageSize = s.ImageSize };
        return s.Precision is { } p ? options with { Performance = options.Performance with { Precision = Bench.TrainStepBenchmark.Parse(p) } } : options;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var tta = Enum.Parse<TtaViews>(s.Tta, ignoreCase: true);
        var seeds = s.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
        var report = EnsembleRecipe.Run(new EnsembleOptions(s.Data == null ? s.Dataset : null, s.Data, s.Model, seeds, s.Epochs, s.LearningRate, tta,
            SnapshotCycles: s.Snapshots, Learner: LearnerOptionsFor(s)),
            line => AnsiConsole.MarkupLine(Markup.Escape(line)), cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", $"{report.Split} accuracy ({report.Items} images)");
        foreach (var m in report.Members) table.AddRow($"member seed {m.Seed}", $"{m.Accuracy:P1}");
        foreach (var m in report.Members) table.AddRow($"member seed {m.Seed} + {tta} TTA", $"{m.TtaAccuracy:P1}");
        table.AddRow("[bold]best single member[/]", $"{report.BestMemberAccuracy:P1}");
        table.AddRow($"[bold]ensemble of {report.Members.Count}[/]", $"{report.EnsembleAccuracy:P1}");
        table.AddRow($"ensemble + {tta} TTA", $"{report.EnsembleTtaAccuracy:P1}");
        if (report.SnapshotEnsembleAccuracy is { } snap)
        {
            table.AddRow("snapshots", string.Join(", ", report.SnapshotAccuracies.Select(a => a.ToString("P1"))));
            table.AddRow("snapshot ensemble", $"{snap:P1}");
        }
        AnsiConsole.Write(table);
        RunDisplay.SaveJson(s.Out, "ensemble", report, $"{report.WallSeconds:F0} s. ");
        return ExitCodes.Ok;
    }
}
