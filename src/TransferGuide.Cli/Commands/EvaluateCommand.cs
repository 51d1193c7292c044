namespace TransferGuide.Cli.Commands;

/// <summary><c>tg evaluate</c>: metrics, error analysis, Grad-CAM, embeddings and fairness for a checkpoint, as report.html and metrics.json.</summary>
public sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    /// <summary>Options of tg evaluate.</summary>
    [OptionHelp("--dataset", "Catalog dataset to evaluate on (default: the one the checkpoint was trained on).")]
    public sealed class Settings() : ImageDataSettings(null)
    {
        /// <summary>Checkpoint.</summary>
        [CommandOption("--checkpoint <PATH>"), Description("A model.tgck, or the run folder that holds one.")] public string? Checkpoint { get; init; }

        /// <summary>Split.</summary>
        [CommandOption("--split <NAME>"), Description("Split to evaluate: val, test, train or all (default: val, else test, else the held-out 20%).")] public string? Split { get; init; }

        /// <summary>Group file.</summary>
        [CommandOption("--groups <CSV>"), Description("CSV of item,group for per-group metrics and gaps (items: paths relative to the data folder, or file names).")] public string? Groups { get; init; }

        /// <summary>Box file.</summary>
        [CommandOption("--boxes <TSV>"), Description("TSV of path, left, top, right, bottom boxes to check Grad-CAM against (default: the boxes shipped for the dataset).")] public string? Boxes { get; init; }

        /// <summary>Grad-CAM layer.</summary>
        [CommandOption("--layer <NAME>"), Description("Grad-CAM layer: stem, layer1..layer4, a block such as layer4.1, or layer4.1.conv2 (default layer4).")] public string Layer { get; init; } = "layer4";

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Where report.html, metrics.json and misclassified.csv go (default: evaluation/ beside the checkpoint).")] public string? Out { get; init; }

        /// <summary>Skip t-SNE.</summary>
        [CommandOption("--no-tsne"), Description("Skip the t-SNE map (PCA is always drawn).")] public bool NoTsne { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Checkpoint))
            throw new ArgumentException("Pass --checkpoint PATH: a model.tgck or a run folder, e.g. tg evaluate --checkpoint runs/20261125-101500.");
        if (settings.Dataset != null && settings.Data != null)
            throw new ArgumentException("Pass either --dataset NAME or --data DIR, not both.");
        var checkpoint = Directory.Exists(settings.Checkpoint) ? Path.Combine(settings.Checkpoint, "model.tgck") : settings.Checkpoint;
        TorchRuntime.EnsureLoaded();
        var header = Checkpoint.ReadHeader(checkpoint);
        if (header.Text != null) return TextEvaluateRun.Execute(settings, checkpoint, cancellationToken);
        if (header.Audio != null) return AudioEvaluateRun.Execute(settings, checkpoint, cancellationToken);
        var data = LoadData(settings, header);
        var output = settings.Out ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "evaluation");
        var options = new EvaluationOptions(settings.Split, settings.Groups, settings.Boxes, settings.Layer, Tsne: !settings.NoTsne);
        Summarise(RunDisplay.Bar("predict", progress => EvaluationReport.Run(checkpoint, data, output, options, RunDisplay.Log, progress, cancellationToken)), output);
        return ExitCodes.Ok;
    }

    static ImageDataset LoadData(Settings settings, CheckpointHeader header)
    {
        var name = settings.Data != null ? null : settings.Dataset ?? header.Dataset;
        if (settings.Data == null && !Datasets.IsCatalogName(name))
            throw new ArgumentException($"The checkpoint was trained on '{header.Dataset}', which is not a catalog dataset. Pass --data DIR (your class folders) or --dataset NAME.");
        return Datasets.Load(name, settings.Data, new DatasetLoadOptions(settings.MaxPixels));
    }

    static void Summarise(EvaluationOutcome o, string output)
    {
        var s = o.Summary;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({s.EvaluationSplit})", $"[bold]{s.Accuracy:P1}[/] (95% CI {s.Bootstrap.Accuracy.Lower:P1} to {s.Bootstrap.Accuracy.Upper:P1}; {s.EvaluationItems} images)");
        table.AddRow("balanced accuracy", $"{s.BalancedAccuracy:P1}");
        table.AddRow("macro F1", $"{s.Report.MacroF1:F3} (95% CI {s.Bootstrap.MacroF1.Lower:F3} to {s.Bootstrap.MacroF1.Upper:F3})");
        table.AddRow("ROC AUC", s.RocAuc?.ToString("F3") ?? "n/a");
        table.AddRow("average precision", s.AveragePrecision?.ToString("F3") ?? "n/a");
        table.AddRow("expected calibration error", s.Calibration.ExpectedCalibrationError.ToString("F3"));
        table.AddRow("misclassified", $"{s.Misclassified}");
        if (s.MostConfused.Count > 0) table.AddRow("most confused", Markup.Escape($"{s.MostConfused[0].TrueClass} taken for {s.MostConfused[0].PredictedClass} ({s.MostConfused[0].Count}x)"));
        foreach (var loc in o.LocalisationByLayer)
            table.AddRow($"Grad-CAM on boxed objects ({Markup.Escape(loc.Layer)})",
                Markup.Escape($"{loc.MajorityInside} of {loc.Items.Count} with most mass in the box; peak in box {loc.PeakInside} of {loc.Items.Count}"));
        if (o.Groups is { } g && g.LargestRecallGap is { } gap) table.AddRow("largest recall gap", Markup.Escape($"{gap.Class}: {gap.BestGroup} {gap.BestValue:P0} vs {gap.WorstGroup} {gap.WorstValue:P0}"));
        table.AddRow("wall time", $"{s.WallSeconds:F1} s");
        table.AddRow("output", Markup.Escape(output));
        AnsiConsole.Write(table);
        if (o.Groups is { } groups) AnsiConsole.MarkupLine(Markup.Escape(groups.Summary()));
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(Path.Combine(output, "report.html"))}[/] in a browser.");
    }
}
