using TransferGuide.Augment.Text;
using TransferGuide.Models.Text;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg train</c> on text: taken when the catalog says the dataset is text (sst2, sms_spam) or <c>--data</c> names a
/// file (label&lt;TAB&gt;text lines) rather than a folder, or <c>--resume</c> names a text fine-tune. Same verbs and run folder as images.
/// </summary>
internal static class TextTrainRun
{
    /// <summary>Whether these settings ask for a text run.</summary>
    public static bool IsText(TrainCommand.Settings settings) =>
        settings.Resume != null ? TextTrainRecipe.IsRunFolder(settings.Resume)
        : settings.Data != null ? File.Exists(settings.Data) : TextData.IsTextDataset(settings.Dataset);

    /// <summary>Runs it, and a learning curve when --labels-per-class lists several k.</summary>
    public static int Execute(TrainCommand.Settings settings, CancellationToken cancellationToken)
    {
        var ks = LabelsPerClass(settings.LabelsPerClass);
        if (settings.Resume != null && ks.Count > 1)
            throw new ArgumentException("--resume continues one run; resume one point's run folder, not a --labels-per-class list.");
        var pooling = settings.Pooling.ToLowerInvariant() switch
        {
            "mean" => TextPooling.Mean,
            "cls" => TextPooling.Cls,
            var p => throw new ArgumentException($"Unknown --pooling '{p}'. Use mean or cls."),
        };
        var options = new TextTrainOptions(settings.Data == null ? settings.Dataset : null, settings.Data, settings.Recipe, settings.Epochs, settings.TopLayers,
            settings.LearningRate ?? TextTrainRecipe.DefaultLearningRate, BatchSize: settings.BatchSize, Seed: settings.Seed,
            MaxTokens: settings.MaxTokens, Pooling: pooling, Augment: TextAugmentations.Parse(settings.TextAugment), RunsRoot: settings.Runs,
            Resume: settings.Resume);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this batch and saving a checkpoint...");
        // A resumed run's epochs come from its saved plan; the bar then counts what the display sees.
        int? total = settings.Resume != null ? null : settings.Epochs ?? (settings.Recipe == "extract" ? TextTrainRecipe.DefaultExtractEpochs : TextTrainRecipe.DefaultFineTuneEpochs);
        try
        {
            if (ks.Count <= 1)
            {
                var result = RunDisplay.Run(total, (progress, _) => TextTrainRecipe.Run(options with { LabelsPerClass = ks.FirstOrDefault() }, progress, cancel.Token), "texts/s");
                Summarise(result);
                return ExitCodes.Ok;
            }
            var curve = RunDisplay.Run(null, (progress, _) => TextLearningCurve.Run(options, ks, progress, cancel.Token), "texts/s");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("texts per class").AddColumn("test accuracy").AddColumn("macro F1").AddColumn("run folder");
            foreach (var point in curve.Points)
                table.AddRow(point.Label, $"{point.Result.Metrics.Accuracy:P1}", $"{point.Result.Metrics.MacroF1:F3}", Markup.Escape(point.Result.Folder.Path));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Learning curve: [bold]{Markup.Escape(curve.Report)}[/]");
            return ExitCodes.Ok;
        }
        catch (RunStoppedException e)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped. The checkpoint is saved; continue with: " +
                                   Markup.Escape($"{SelfProcess.Invocation} train --resume {RunStoppedException.ResumeArgument(e.RunFolder)}") + "[/]");
            return ExitCodes.Stopped;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped while the frozen layers were cached, before the first epoch: there is no checkpoint to resume.
            AnsiConsole.MarkupLine("[yellow]Stopped before the first epoch ended, so nothing was saved; start the run again.[/]");
            return ExitCodes.Stopped;
        }
    }

    static IReadOnlyList<int?> LabelsPerClass(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            part.Equals("all", StringComparison.OrdinalIgnoreCase) ? (int?)null
            : int.TryParse(part, out int k) && k >= 1 ? k
            : throw new ArgumentException($"--labels-per-class: '{part}' is not a count of 1 or more, or 'all'. Example: --labels-per-class 8,16,32,all")).ToList();
    }

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
