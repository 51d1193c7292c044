using TransferGuide.Monitoring;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg bias</c>: who is in the data (groups per split and class, shares, empty and tiny cells), then each group's test
/// accuracy of a linear head on frozen features without and with a mitigation (loss reweighting, group-balanced
/// sampling), and the best-minus-worst gap before and after. Groups are fsdd's speakers (from the file names) or a CSV.
/// </summary>
public sealed class BiasCommand : Command<BiasCommand.Settings>
{
    /// <summary>Options of tg bias.</summary>
    [OptionHelp("--dataset", "Catalog audio dataset (default fsdd, spoken digits by six speakers).")]
    [OptionHelp("--data", "Your own WAV files: one sub-folder per class, optionally under train/ and test/.")]
    public sealed class Settings() : DataSettings("fsdd")
    {
        /// <summary>Group file.</summary>
        [CommandOption("--groups <CSV>"), Description("A CSV of 'item,group' lines (as tg evaluate --groups); default: the speaker in each file name (<label>_<speaker>_<index>.wav).")] public string? Groups { get; init; }

        /// <summary>Groups to thin out.</summary>
        [CommandOption("--underrepresent <GROUP[:N]>"), Description($"Keep only N training clips of this group (default N 10, seeded), to see what under-representation costs; several: jackson:10,theo:5.")] public string? UnderRepresent { get; init; }

        /// <summary>Mitigation.</summary>
        [CommandOption("--mitigation <NAME>"), Description("none, reweight (loss weighted by inverse group frequency), balance (group-balanced sampling) or both (default both); the baseline always runs.")] public string Mitigation { get; init; } = "both";

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed of the splits, the thinning and every head (default 42).")] public int Seed { get; init; } = 42;

        /// <summary>Head epochs.</summary>
        [CommandOption("--epochs <N>"), OptionRange(1, 10_000), Description("Epochs of each linear head (default 40).")] public int Epochs { get; init; } = AudioTrainRecipe.DefaultExtractEpochs;

        /// <summary>Spectrogram size.</summary>
        [CommandOption("--image-size <PX>"), OptionRange(32, 512), Description("Side of the spectrogram picture (default 128).")] public int ImageSize { get; init; } = AudioTrainRecipe.DefaultInputSize;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch-size <N>"), OptionRange(1, 4096), Description("Rows per head step and clips per forward pass (default 32).")] public int BatchSize { get; init; } = 32;

        /// <summary>Runs root.</summary>
        [CommandOption("--runs <DIR>"), Description("Folder for run folders (default ./runs).")] public string Runs { get; init; } = "runs";

        /// <summary>Trim.</summary>
        [CommandOption("--clips-per-class <N>"), OptionRange(1, 1_000_000), Description("Keep at most N clips per class in each split (seeded), for a quick look; default all.")] public int? ClipsPerClass { get; init; }

        /// <summary>No cache.</summary>
        [CommandOption("--no-cache"), Description("Compute the frozen features again instead of reading them from the feature cache.")] public bool NoCache { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        // Bad words fail here, before any clip is read.
        IReadOnlyList<BiasMitigation> mitigations;
        IReadOnlyList<UnderRepresentation> gaps;
        try { mitigations = BiasOptions.Parse(s.Mitigation); gaps = UnderRepresentation.Parse(s.UnderRepresent); }
        catch (ArgumentException e) { throw new CliInputException(e.Message.Replace("Unknown mitigation", "--mitigation: unknown mitigation")); }
        if (s.Groups != null && !File.Exists(s.Groups))
            throw new CliInputException($"--groups {s.Groups}: no such file ({Path.GetFullPath(s.Groups)}). Write a CSV with one 'item,group' line per clip.");
        var options = new BiasRunOptions(s.Data == null ? s.Dataset ?? "fsdd" : null, s.Data, s.Groups, gaps, mitigations, s.Seed, s.ImageSize, s.Epochs,
            s.BatchSize, RunsRoot: s.Runs, UseCache: !s.NoCache, ClipsPerClass: s.ClipsPerClass);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this batch; the features finished so far stay in the cache.");
        BiasRunResult result;
        try
        {
            result = RunDisplay.Run(null, (progress, _) => BiasRecipe.Run(options, progress, cancel.Token), "clips/s");
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped before the comparison; run the same command again (cached features are reused).");
        }
        Show(result);
        return ExitCodes.Ok;
    }

    static void Show(BiasRunResult r)
    {
        var rep = r.Representation;
        var f = rep.FocusSplit;
        var groups = new Table().Border(TableBorder.Rounded).AddColumn("group");
        foreach (var split in rep.Splits) groups.AddColumn($"{split} items");
        groups.AddColumn($"share of {f}");
        foreach (var g in rep.Groups)
            groups.AddRow([Markup.Escape(g.Group), .. rep.Splits.Select(sp => g.BySplit[sp].ToString()), $"{g.ShareBySplit.GetValueOrDefault(f):P1}"]);
        AnsiConsole.Write(groups);
        AnsiConsole.MarkupLine(Markup.Escape(rep.Summary()));

        var acc = new Table().Border(TableBorder.Rounded).AddColumns("group", "train rows", "test rows");
        foreach (var res in r.Comparison.Results) acc.AddColumn($"{res.Name} accuracy");
        foreach (var g in r.Comparison.Baseline.Groups)
            acc.AddRow([Markup.Escape(g.Group), g.TrainCount.ToString(), g.TestCount.ToString(), .. r.Comparison.Results.Select(res => $"{res.AccuracyOf(g.Group):P1}")]);
        acc.AddRow(["[bold]all[/]", r.Comparison.Baseline.Groups.Sum(g => g.TrainCount).ToString(), r.Comparison.Baseline.Groups.Sum(g => g.TestCount).ToString(),
            .. r.Comparison.Results.Select(res => $"[bold]{res.Accuracy:P1}[/]")]);
        acc.AddRow(["[bold]worst group[/]", "", "", .. r.Comparison.Results.Select(res => Markup.Escape($"{res.Worst.Group} {res.Worst.Accuracy:P1}"))]);
        acc.AddRow(["[bold]gap (best - worst)[/]", "", "", .. r.Comparison.Results.Select(res => $"{res.Gap * 100:F1} pts")]);
        AnsiConsole.Write(acc);
        AnsiConsole.MarkupLine(Markup.Escape(r.Comparison.Summary()));
        AnsiConsole.MarkupLine($"{r.WallSeconds:F0} s. Report: [bold]{Markup.Escape(r.Folder.Report)}[/]");
    }
}
