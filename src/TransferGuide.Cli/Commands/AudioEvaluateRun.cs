namespace TransferGuide.Cli.Commands;

/// <summary><c>tg evaluate</c> on an audio checkpoint (its header keeps the spectrogram settings).</summary>
internal static class AudioEvaluateRun
{
    /// <summary>Evaluates and prints the summary.</summary>
    public static int Execute(EvaluateCommand.Settings settings, string checkpoint, CancellationToken cancel)
    {
        var result = RunDisplay.Bar("predict", progress => AudioEvaluation.Run(checkpoint, settings.Dataset, settings.Data, settings.Split ?? "test", settings.Out,
            new RecipeProgress(progress, null, RunDisplay.Log), cancel), "clips/s");
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({Markup.Escape(m.EvaluationSplit)})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} clips)");
        table.AddRow("macro F1", m.MacroF1.ToString("F3"));
        foreach (var s in result.BySpeaker) table.AddRow($"speaker {Markup.Escape(s.Speaker)}", $"{s.Accuracy:P1} ({s.Clips} clips)");
        table.AddRow("input", $"{m.SampleRate} Hz, {m.MelBands} mel bands, {m.InputSize}x{m.InputSize} px (from the checkpoint)");
        if (m.SkippedClips.Count > 0) table.AddRow("clips not used", $"{m.SkippedClips.Count} (named in report.html)");
        table.AddRow("wall time", $"{m.WallSeconds:F1} s");
        table.AddRow("output", Markup.Escape(result.Output));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(Path.Combine(result.Output, "report.html"))}[/] in a browser.");
        return ExitCodes.Ok;
    }
}
