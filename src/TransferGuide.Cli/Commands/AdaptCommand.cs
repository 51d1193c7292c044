using TransferGuide.Adaptation;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg adapt</c>: domain adaptation from a labelled source to an unlabelled target on frozen ResNet18 features: source
/// only (the baseline), CORAL and DANN with the same head and seeds, target accuracy and the gain over source only.
/// </summary>
public sealed class AdaptCommand : Command<AdaptCommand.Settings>
{
    /// <summary>Options of tg adapt.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Source catalog dataset.</summary>
        [CommandOption("--source <NAME>"), Description("Labelled source: a catalog dataset (default oxford_flowers17).")] public string? Source { get; init; } = Defaults.Source;

        /// <summary>Source folder.</summary>
        [CommandOption("--source-data <DIR>"), Description("Labelled source: your class folders instead (optionally under train/ and test/).")] public string? SourceData { get; init; }

        /// <summary>Target catalog dataset.</summary>
        [CommandOption("--target <NAME>"), Description("Unlabelled target: a catalog dataset.")] public string? Target { get; init; }

        /// <summary>Target folder.</summary>
        [CommandOption("--target-data <DIR>"), Description("Unlabelled target: class folders, e.g. from tg data corrupt. Its non-test images adapt (labels ignored), its test images are reported.")] public string? TargetData { get; init; }

        /// <summary>Methods.</summary>
        [CommandOption("--method <LIST>"), Description("none (source only), coral, dann, a comma list, or all (default).")] public string Method { get; init; } = "all";

        /// <summary>Seeds.</summary>
        [CommandOption("--seeds <LIST>"), Description("Every method runs with each seed; mean and spread are reported (default 1,2,3).")] public string Seeds { get; init; } = "1,2,3";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>"), OptionRange(1, 10_000), Description("Epochs over the source features, for every method (default 30).")] public int Epochs { get; init; } = Head.Epochs;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <RATE>"), OptionRange(0, 10, MinExclusive = true), Description("AdamW learning rate of the head (default 1e-3).")] public double LearningRate { get; init; } = Head.LearningRate;

        /// <summary>Bottleneck width.</summary>
        [CommandOption("--bottleneck <N>"), OptionRange(1, 65_536), Description("Width of the bottleneck every method trains (default 256).")] public int Bottleneck { get; init; } = Head.Bottleneck;

        /// <summary>DANN weight.</summary>
        [CommandOption("--dann-weight <L>"), OptionRange(0, 100), Description("DANN: the gradient-reversal weight lambda reached at the end of its ramp 2/(1+exp(-10p))-1 (default 0.1).")] public double DannWeight { get; init; } = Head.DannWeight;

        /// <summary>CORAL regularization.</summary>
        [CommandOption("--coral-reg <R>"), OptionRange(0, 1000), Description("CORAL: diagonal loading of the covariances, relative to the mean feature variance (default 0.1).")] public double CoralRegularization { get; init; } = Head.CoralRegularization;

        /// <summary>Quick mode.</summary>
        [CommandOption("--per-class <N>"), OptionRange(2, 1_000_000), Description("Quick mode: at most N images per class in each part of each domain (default: all).")] public int? PerClass { get; init; }

        /// <summary>Where run folders go.</summary>
        [CommandOption("--runs <DIR>"), Description("Folder for run folders (default ./runs).")] public string Runs { get; init; } = Defaults.RunsRoot;

        /// <summary>Pixel cap.</summary>
        [CommandOption("--max-megapixels <MP>"), OptionRange(0, 100_000, MinExclusive = true), Description("Skip (and name) images larger than this many megapixels (default 40).")] public double MaxMegapixels { get; init; } = ImageDecoder.DefaultMaxPixels / 1e6;
    }

    // The recipe's own defaults, so that `tg adapt --target-data DIR` runs what AdaptRecipe.Run(new(TargetData: DIR)) runs.
    static readonly AdaptOptions Defaults = new();
    static readonly AdaptationOptions Head = new();

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var methods = Methods(s.Method);
        var seeds = s.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, out int v) && v >= 0 ? v : throw new CliInputException($"--seeds: '{x}' is not a seed (use e.g. 1,2,3).")).Distinct().ToList();
        if (seeds.Count == 0) throw new CliInputException("--seeds is empty: give at least one seed, e.g. --seeds 1,2,3.");
        if (s.Target == null && s.TargetData == null)
            throw new CliInputException("Name the unlabelled target domain: --target NAME (a catalog dataset) or --target-data DIR " +
                                        "(class folders, e.g. made by tg data corrupt --dataset oxford_flowers17 --corruption fog --severity 3).");
        RunFolder.CheckWritable(s.Runs);
        var options = new AdaptOptions(s.SourceData == null ? s.Source : null, s.SourceData, s.TargetData == null ? s.Target : null, s.TargetData,
            methods, seeds, Head with { Epochs = s.Epochs, LearningRate = s.LearningRate, Bottleneck = s.Bottleneck, DannWeight = s.DannWeight,
                CoralRegularization = s.CoralRegularization }, s.PerClass, s.Runs, MaxPixels: (long)(s.MaxMegapixels * 1_000_000));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this epoch; extracted features stay in the cache for the next run.");
        AdaptResult result;
        try
        {
            result = RunDisplay.Run(null, (progress, _) => AdaptRecipe.Run(options, progress, cancel.Token));
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped; no run folder was written. Features extracted so far are cached: run the same command again.");
        }
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("method", $"target accuracy ({Markup.Escape(m.EvaluationSplit)}, {m.EvaluationItems} images)", "gain over none", "source validation", "domain classifier");
        foreach (var row in m.Methods)
            table.AddRow(row.Method, $"[bold]{row.TargetAccuracy:P1}[/] ± {row.TargetSpread * 100:F1}",
                row.Method == "none" ? "baseline" : row.GainOverNone is { } g ? $"{g * 100:+0.0;-0.0;0.0} pts ({row.SeedsBeatingNone}/{row.TargetAccuracies.Count} seeds better)" : "n/a",
                $"{row.SourceValidAccuracy:P1}", row.DomainAccuracy is { } d ? $"{d:P0}" : "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"{m.SourceDataset} → {m.TargetDataset}; mean ± half range over seeds {string.Join(",", m.Seeds)}; {m.WallSeconds:F1} s."));
        AnsiConsole.MarkupLine($"Run folder [blue]{Markup.Escape(result.Folder.Path)}[/]; open [bold]{Markup.Escape(result.Folder.Report)}[/] in a browser.");
        return ExitCodes.Ok;
    }

    /// <summary>The methods of --method, or a clear error naming the valid ones and the nearest.</summary>
    static IReadOnlyList<AdaptationMethod> Methods(string text)
    {
        try { return AdaptationMethods.Parse(text); }
        catch (ArgumentException)
        {
            var bad = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(p => !p.Equals("all", StringComparison.OrdinalIgnoreCase) && !AdaptationMethods.Names.Contains(p.ToLowerInvariant())) ?? text;
            var nearest = NearestName.Of(bad, [.. AdaptationMethods.Names, "all"]);
            throw new CliInputException($"--method {text}: '{bad}' is not a method." + (nearest != null ? $" Did you mean {nearest}?" : "") +
                                        $" Use {string.Join(", ", AdaptationMethods.Names)}, a comma list of them, or all.");
        }
    }
}
