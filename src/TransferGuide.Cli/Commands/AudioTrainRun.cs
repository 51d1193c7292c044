namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg train</c> on sound: taken when the catalog says the dataset is audio (fsdd), <c>--data</c> names a folder of WAV
/// class folders, or <c>--resume</c> names an audio run. Same verbs, progress and run folder as images;
/// <c>--holdout-speaker NAME|all</c> tests on voices never heard in training.
/// </summary>
internal static class AudioTrainRun
{
    /// <summary>Whether these settings ask for an audio run.</summary>
    public static bool IsAudio(TrainCommand.Settings settings)
    {
        if (settings.Resume != null) return AudioTrainRecipe.IsRunFolder(settings.Resume);
        return settings.Data != null ? AudioData.IsAudioFolder(settings.Data) : AudioData.IsAudioDataset(settings.Dataset) || settings.HoldoutSpeaker != null;
    }

    /// <summary>Runs it (every fold when --holdout-speaker all) and prints the summary.</summary>
    public static int Execute(TrainCommand.Settings settings, CancellationToken cancellationToken)
    {
        var augment = settings.Augment.ToLowerInvariant() is "strong" ? "shift,pitch,noise,stretch,masks" : settings.Augment;
        TransferGuide.Augment.Audio.AudioAugmentation.Parse(augment); // a bad word fails here, before any data is read
        if (settings.Recipe is not ("finetune" or "extract"))
            throw new ArgumentException($"Unknown recipe '{settings.Recipe}' for audio. Use finetune or extract.");
        var options = new AudioTrainOptions(settings.Data == null ? settings.Dataset ?? "fsdd" : null, settings.Data, settings.Recipe, settings.Epochs,
            settings.LearningRate ?? AudioTrainRecipe.DefaultLearningRate, settings.BatchSize, settings.Seed, settings.ImageSize ?? AudioTrainRecipe.DefaultInputSize,
            augment, settings.HoldoutSpeaker is "all" ? null : settings.HoldoutSpeaker, settings.Runs, settings.Resume);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = RunDisplay.CancelOnCtrlC(cancel, "Stopping after this batch and saving a checkpoint...");
        int? total = settings.Recipe == "extract" ? settings.Epochs ?? AudioTrainRecipe.DefaultExtractEpochs : (settings.Epochs ?? AudioTrainRecipe.DefaultFineTuneEpochs) + 1;
        try
        {
            if (settings.HoldoutSpeaker is "all")
            {
                if (settings.Resume != null) throw new ArgumentException("--resume continues one run; resume a fold's run folder, not --holdout-speaker all.");
                var loso = RunDisplay.Run(null, (progress, _) => SpeakerHoldOut.Run(options, progress, cancel.Token), "clips/s");
                var table = new Table().Border(TableBorder.Rounded).AddColumn("held-out speaker").AddColumn("clips").AddColumn("accuracy").AddColumn("macro F1");
                foreach (var f in loso.Folds) table.AddRow(Markup.Escape(f.Speaker), f.Clips.ToString(), $"{f.Accuracy:P1}", $"{f.MacroF1:F3}");
                table.AddRow("[bold]mean[/]", loso.Folds.Sum(f => f.Clips).ToString(), $"[bold]{loso.MeanAccuracy:P1}[/]", $"{loso.Folds.Average(f => f.MacroF1):F3}");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"Summary: [bold]{Markup.Escape(Path.Combine(loso.Folder, "report.html"))}[/]");
                return ExitCodes.Ok;
            }
            var result = RunDisplay.Run(total, (progress, _) => AudioTrainRecipe.Run(options, progress, cancel.Token), "clips/s");
            Summarise(result);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException e)
        {
            var folder = e is RunStoppedException stopped ? stopped.RunFolder : "<run folder>";
            AnsiConsole.MarkupLine("[yellow]Stopped. The checkpoint is saved; continue with: " +
                                   Markup.Escape($"{SelfProcess.Invocation} train --resume {RunStoppedException.ResumeArgument(folder)}") + "[/]");
            return ExitCodes.Stopped;
        }
    }

    static void Summarise(AudioRunResult result)
    {
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({Markup.Escape(m.EvaluationSplit)})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} clips)");
        table.AddRow("macro F1", m.MacroF1.ToString("F3"));
        if (m.ValidationAccuracy is { } v) table.AddRow($"accuracy ({Markup.Escape(m.ValidationSplit ?? "val")})", $"{v:P1}" + (m.BestEpoch is { } b ? $" (epoch {b} kept)" : ""));
        table.AddRow("input", $"{m.SampleRate} Hz, {m.MelBands} mel bands, {m.InputSize}x{m.InputSize} px");
        table.AddRow("augmentation", Markup.Escape(m.Augmentation));
        if (m.SkippedClips.Count > 0) table.AddRow("clips not used", Markup.Escape($"{m.SkippedClips.Count} (named in report.html): {m.SkippedClips[0]}" + (m.SkippedClips.Count > 1 ? " ..." : "")));
        table.AddRow("wall time", $"{m.WallSeconds:F1} s (training {m.TrainSeconds:F1} s, {m.TrainClipsPerSecond:F1} clips/s)");
        table.AddRow("peak memory", $"{m.PeakRssMegabytes:F0} MB");
        table.AddRow("run folder", Markup.Escape(result.Folder.Path));
        AnsiConsole.Write(table);
    }
}
