using TransferGuide.Augment.Text;
using TransferGuide.Models.Text;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg train</c> on text: taken when the catalog says the dataset is text (sst2, sms_spam) or <c>--data</c> names a
/// file (label&lt;TAB&gt;text lines) rather than a folder. Same verbs and run folder as images.
/// </summary>
internal static class TextTrainRun
{
    /// <summary>Whether these settings ask for a text run.</summary>
    public static bool IsText(TrainCommand.Settings settings) =>
        settings.Data != null ? File.Exists(settings.Data) : TextData.IsTextDataset(settings.Dataset);

    /// <summary>Runs it, and a learning curve when --labels-per-class lists several k.</summary>
    public static int Execute(TrainCommand.Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Resume != null)
            throw new ArgumentException("--resume applies to image fine-tuning; a text run is short (its frozen layers are cached): start it again.");
        var pooling = settings.Pooling.ToLowerInvariant() switch
        {
            "mean" => TextPooling.Mean,
            "cls" => TextPooling.Cls,
            var p => throw new ArgumentException($"Unknown --pooling '{p}'. Use mean or cls."),
        };
        var options = new TextTrainOptions(settings.Data == null ? settings.Dataset : null, settings.Data, settings.Recipe, settings.Epochs, settings.TopLayers,
            settings.LearningRate ?? TextTrainRecipe.DefaultLearningRate, BatchSize: settings.BatchSize, Seed: settings.Seed,
            MaxTokens: settings.MaxTokens, Pooling: pooling, Augment: Augmenter(settings.TextAugment), RunsRoot: settings.Runs);
        var ks = LabelsPerClass(settings.LabelsPerClass);
        int? total = settings.Epochs ?? (settings.Recipe == "extract" ? TextTrainRecipe.DefaultExtractEpochs : TextTrainRecipe.DefaultFineTuneEpochs);
        if (ks.Count <= 1)
        {
            var result = RunDisplay.Run(total, (progress, _) => TextTrainRecipe.Run(options with { LabelsPerClass = ks.FirstOrDefault() }, progress, cancellationToken), "texts/s");
            Summarise(result);
            return ExitCodes.Ok;
        }
        var curve = RunDisplay.Run(null, (progress, _) => TextLearningCurve.Run(options, ks, progress, cancellationToken), "texts/s");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("texts per class").AddColumn("test accuracy").AddColumn("macro F1").AddColumn("run folder");
        foreach (var point in curve.Points)
            table.AddRow(point.Label, $"{point.Result.Metrics.Accuracy:P1}", $"{point.Result.Metrics.MacroF1:F3}", Markup.Escape(point.Result.Folder.Path));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Learning curve: [bold]{Markup.Escape(curve.Report)}[/]");
        return ExitCodes.Ok;
    }

    static IReadOnlyList<int?> LabelsPerClass(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            part.Equals("all", StringComparison.OrdinalIgnoreCase) ? (int?)null
            : int.TryParse(part, out int k) && k >= 1 ? k
            : throw new ArgumentException($"--labels-per-class: '{part}' is not a count of 1 or more, or 'all'. Example: --labels-per-class 8,16,32,all")).ToList();
    }

    static (string Name, Func<string, Random, string> Apply)? Augmenter(string name) => name.ToLowerInvariant() switch
    {
        "none" => null,
        "swap" => ("random swap", new RandomSwap().Apply),
        "delete" => ("random deletion", new RandomDeletion().Apply),
        "synonym" => ("synonym replacement", new SynonymReplacement(TransferGuide.Data.Text.WordNet.Default).Apply),
        "insert" => ("random insertion", new RandomInsertion(TransferGuide.Data.Text.WordNet.Default).Apply),
        var other => throw new ArgumentException($"Unknown --text-augment '{other}'. Use none, swap, delete, synonym or insert."),
    };

    static void Summarise(TextRunResult result)
    {
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({m.EvaluationSplit})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} texts)");
        table.AddRow("macro F1", m.MacroF1.ToString("F3"));
        if (m.ValidationAccuracy is { } v) table.AddRow($"accuracy ({Markup.Escape(m.ValidationSplit ?? "val")})", $"{v:P1}");
        table.AddRow("layers trained", m.TrainedLayers == 0 ? "none (feature extraction)" : $"top {m.TrainedLayers} + head ({m.CachedLayers} cached)");
        table.AddRow("texts cut", $"{m.TruncatedTexts} (at {m.MaxTokens} tokens)");
        table.AddRow("wall time", $"{m.WallSeconds:F1} s (training {m.TrainSeconds:F1} s)");
        table.AddRow("peak memory", $"{m.PeakRssMegabytes:F0} MB");
        table.AddRow("run folder", Markup.Escape(result.Folder.Path));
        AnsiConsole.Write(table);
    }
}
