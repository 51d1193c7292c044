namespace TransferGuide.Cli.Commands;

/// <summary><c>tg evaluate</c> on a text checkpoint (its header carries tokenizer settings).</summary>
internal static class TextEvaluateRun
{
    /// <summary>Evaluates and prints the summary.</summary>
    public static int Execute(EvaluateCommand.Settings settings, string checkpoint, CancellationToken cancel)
    {
        var output = settings.Out ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "evaluation");
        var (m, _) = RunDisplay.Bar("predict", progress => TextEvaluation.Run(checkpoint, settings.Dataset, settings.Data, settings.Split, output,
            log: RunDisplay.Log, progress: progress, cancel: cancel), "texts/s");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({Markup.Escape(m.EvaluationSplit)})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} texts)");
        table.AddRow("balanced accuracy", $"{m.BalancedAccuracy:P1}");
        table.AddRow("macro F1", m.MacroF1.ToString("F3"));
        table.AddRow("texts cut", $"{m.TruncatedTexts} (at {m.MaxTokens} tokens)");
        table.AddRow("wall time", $"{m.WallSeconds:F1} s");
        table.AddRow("output", Markup.Escape(output));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(Path.Combine(output, "report.html"))}[/] in a browser.");
        return ExitCodes.Ok;
    }
}
