using Spectre.Console;
using TransferGuide.Core;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Cli.Commands;

/// <summary>The progress display and result table shared by the verbs that make run folders.</summary>
internal static class RunDisplay
{
    /// <summary>Runs <paramref name="work"/> under a live progress display fed by the recipe's callbacks.</summary>
    public static RunResult Run(int? totalEpochs, Func<RecipeProgress, IProgress<WorkProgress>, RunResult> work)
    {
        RunResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                ProgressTask Task(string name, double max)
                {
                    if (!tasks.TryGetValue(name, out var t)) tasks[name] = t = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, max));
                    return t;
                }
                var batches = new ActionProgress<WorkProgress>(p =>
                {
                    var key = p.Stage.Replace(" (cached)", "");
                    var t = Task(key, p.Total);
                    t.MaxValue = Math.Max(1, p.Total);
                    t.Value = p.Done;
                    t.Description = Markup.Escape(p.ItemsPerSecond > 0 ? $"{p.Stage} ({p.ItemsPerSecond:F1} img/s)" : p.Stage);
                });
                var progress = new RecipeProgress(
                    Work: batches,
                    Epochs: new ActionProgress<EpochMetrics>(e =>
                    {
                        var t = Task("epochs", totalEpochs ?? e.Epoch);
                        if (totalEpochs is null) t.MaxValue = e.Epoch;
                        t.Value = e.Epoch;
                        t.Description = Markup.Escape($"epoch {e.Epoch}: train loss {e.TrainLoss:F3}, held-out loss {e.ValidLoss:F3}, accuracy {e.ValidAccuracy:P1}");
                        AnsiConsole.MarkupLine(Markup.Escape($"epoch {e.Epoch}: train loss {e.TrainLoss:F3} acc {e.TrainAccuracy:P1} | held-out loss {e.ValidLoss:F3} acc {e.ValidAccuracy:P1} | lr {e.LearningRate:G3} | {e.Seconds:F1} s"));
                    }),
                    Log: line => AnsiConsole.MarkupLine("[grey]" + Markup.Escape(line) + "[/]"));
                result = work(progress, batches);
            });
        return result!;
    }

    /// <summary>Prints the result table, skipped files and where the report is.</summary>
    public static void Summarise(RunResult result)
    {
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"accuracy ({m.EvaluationSplit})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} images)");
        table.AddRow("recipe", m.Recipe);
        table.AddRow("wall time", $"{m.WallSeconds:F1} s");
        table.AddRow("images/s (whole run)", $"{m.ImagesPerSecond:F1}");
        if (m.Recipe == Quickstart.RecipeId)
            table.AddRow("feature extraction", m.FeaturesCached ? "from cache" : $"{m.FeatureSeconds:F1} s at {m.ExtractionImagesPerSecond:F1} img/s");
        else table.AddRow("training", $"{m.Epochs} epochs, {m.TrainSeconds:F1} s");
        table.AddRow("skipped files", m.SkippedFiles.ToString());
        table.AddRow("run folder", Markup.Escape(result.Folder.Path));
        AnsiConsole.Write(table);
        foreach (var s in result.Data.Report.Skipped)
            AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(result.Folder.Report)}[/] in a browser for curves and the confusion matrix.");
    }

    /// <summary>Turns Ctrl+C into a cancellation that lets the current batch finish and the checkpoint save.</summary>
    public static IDisposable CancelOnCtrlC(CancellationTokenSource cancel, string message)
    {
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            AnsiConsole.MarkupLine("[yellow]" + Markup.Escape(message) + "[/]");
        };
        Console.CancelKeyPress += handler;
        return new Unsubscribe(() => Console.CancelKeyPress -= handler);
    }

    /// <summary>Prints a failure in red; returns its exit code by the CLI's one convention (<see cref="ExitCodes"/>).</summary>
    public static int Fail(Exception e) => ExitCodes.Report(e);

    sealed class Unsubscribe(Action action) : IDisposable { public void Dispose() => action(); }
}
