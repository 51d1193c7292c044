namespace TransferGuide.Cli.Commands;

/// <summary><c>tg data report</c>: duplicates (exact and near, within and across splits), unreadable files, tiny images and class balance, as HTML and JSON.</summary>
public sealed class DataReportCommand : Command<DataReportCommand.Settings>
{
    /// <summary>Options of tg data report.</summary>
    [OptionHelp("--dataset", "Catalog dataset to check (default hymenoptera_data).")]
    public sealed class Settings() : RunSettings("hymenoptera_data")
    {
        /// <summary>Leak list.</summary>
        [CommandOption("--write-leaks <FILE>"), Description("Write the held-out files that duplicate a training file to FILE, one path a line, to drop them from evaluation.")] public string? WriteLeaks { get; init; }

        /// <summary>Held-out split for leaks.</summary>
        [CommandOption("--eval-split <NAME>"), Description("Count leaks only into this split (default: every split but train).")] public string? EvalSplit { get; init; }

        /// <summary>Near-duplicate threshold.</summary>
        [CommandOption("--max-phash <BITS>"), OptionRange(0, 64), Description("Largest DCT-hash distance for a near duplicate (default 4 of 64 bits).")] public int MaxPHash { get; init; } = new CleaningOptions().MaxPHashDistance;

        /// <summary>Tiny-image threshold.</summary>
        [CommandOption("--min-side <PX>"), OptionRange(0, 100_000), Description("List images whose shorter side is below this (default 32).")] public int MinSide { get; init; } = new CleaningOptions().MinSide;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new DataReportOptions(settings.Dataset!, settings.Data, settings.Runs,
            new CleaningOptions(MaxPHashDistance: settings.MaxPHash, MinSide: settings.MinSide, MaxPixels: settings.MaxPixels), settings.WriteLeaks, settings.EvalSplit);
        try
        {
            Summarise(RunDisplay.Bar("fingerprint images", progress => DataReport.Run(options, progress, RunDisplay.Log, cancellationToken)), settings.WriteLeaks);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped; nothing was written.");
        }
    }

    static void Summarise(DataReportResult result, string? leaksFile)
    {
        var r = result.Report;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("finding").AddColumn("count");
        table.AddRow("usable images", r.Images.ToString());
        table.AddRow("exact duplicate pairs", r.Duplicates.Count(d => d.Kind == DuplicatePair.Exact).ToString());
        table.AddRow("near duplicate pairs", r.Duplicates.Count(d => d.Kind == DuplicatePair.Near).ToString());
        table.AddRow("pairs across splits", $"[bold]{r.CrossSplit.Count}[/]");
        table.AddRow("held-out items duplicating a training item", result.Leaked.Count.ToString());
        table.AddRow("pairs with different labels", r.Duplicates.Count(d => d.LabelConflict).ToString());
        table.AddRow("unreadable or non-image files", r.Unreadable.Count.ToString());
        table.AddRow($"tiny images (< {r.Options.MinSide} px)", r.Tiny.Count.ToString());
        table.AddRow("largest / smallest class", double.IsFinite(r.ImbalanceRatio) ? $"{r.ImbalanceRatio:F2}" : "a class is empty");
        if (r.KnownList is { } k)
            table.AddRow(Markup.Escape($"vs {Path.GetFileName(k.ListFile)}"),
                Markup.Escape($"found {k.Found}/{k.Listed} listed pairs, {k.FoundCrossSplit}/{k.ListedCrossSplit} across splits; {k.NotListed.Count} not listed ({k.NotListedCrossSplit} across splits)"));
        table.AddRow("time", $"{r.Seconds:F1} s");
        AnsiConsole.Write(table);
        foreach (var s in r.Unreadable)
            AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        if (leaksFile != null) AnsiConsole.MarkupLine($"Wrote {result.Leaked.Count} leaked held-out file(s) to [bold]{Markup.Escape(leaksFile)}[/].");
        else if (result.Leaked.Count > 0) AnsiConsole.MarkupLine("Pass [bold]--write-leaks FILE[/] to list the held-out files to drop.");
        AnsiConsole.MarkupLine($"JSON: [bold]{Markup.Escape(result.JsonPath)}[/]");
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(result.HtmlPath)}[/] in a browser for the class balance and duplicate thumbnails.");
    }
}
