using System.Runtime.InteropServices;

namespace TransferGuide.Cli.Commands;

/// <summary>The progress display and result table shared by the verbs that make run folders.</summary>
internal static class RunDisplay
{
    /// <summary>Runs <paramref name="work"/> under one progress bar named <paramref name="stage"/>, fed by its progress reports.</summary>
    public static T Bar<T>(string stage, Func<IProgress<WorkProgress>, T> work, string unit = "img/s")
    {
        T result = default!;
        Progress().Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(stage), maxValue: 1);
            result = work(new ActionProgress<WorkProgress>(p => Show(task, p, stage, unit)));
        });
        return result;
    }

    /// <summary>Runs <paramref name="work"/> under a live progress display fed by the recipe's callbacks; rates are in <paramref name="unit"/>.</summary>
    public static T Run<T>(int? totalEpochs, Func<RecipeProgress, IProgress<WorkProgress>, T> work, string unit = "img/s")
    {
        T result = default!;
        Progress()
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                ProgressTask Task(string name, double max)
                {
                    if (!tasks.TryGetValue(name, out var t)) tasks[name] = t = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, max));
                    return t;
                }
                var batches = new ActionProgress<WorkProgress>(p => Show(Task(p.Stage.Replace(" (cached)", ""), p.Total), p, p.Stage, unit));
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
                    Log: Log);
                result = work(progress, batches);
            });
        return result;
    }

    /// <summary>The one progress display: what runs, a bar, how far, how long, and a spinner while it works.</summary>
    static Spectre.Console.Progress Progress() => AnsiConsole.Progress().AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn());

    /// <summary>Moves a bar to a progress report, naming the rate once there is one.</summary>
    static void Show(ProgressTask task, WorkProgress p, string stage, string unit)
    {
        task.MaxValue = Math.Max(1, p.Total);
        task.Value = p.Done;
        task.Description = Markup.Escape(p.ItemsPerSecond > 0 ? $"{stage} ({p.ItemsPerSecond:F1} {unit})" : stage);
    }

    /// <summary>Prints a grey line of a recipe's log.</summary>
    public static void Log(string line) => AnsiConsole.MarkupLine("[grey]" + Markup.Escape(line) + "[/]");

    /// <summary>Says what a stopped verb kept (in yellow) and returns <see cref="ExitCodes.Stopped"/>.</summary>
    public static int Stopped(string message)
    {
        AnsiConsole.MarkupLine("[yellow]" + Markup.Escape(message) + "[/]");
        return ExitCodes.Stopped;
    }

    /// <summary>Writes <paramref name="report"/> as indented JSON to FOLDER/PREFIX-yyyyMMdd-HHmmss.json and says where.</summary>
    public static string SaveJson(string folder, string prefix, object report, string lead = "")
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{prefix}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLine($"{Markup.Escape(lead)}Written to [blue]{Markup.Escape(path)}[/]");
        return path;
    }

    /// <summary>Prints the result table, skipped files and where the report is.</summary>
    public static void Summarise(RunResult result)
    {
        var m = result.Metrics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        table.AddRow($"{(m.TestAccuracy != null ? "test accuracy" : "accuracy")} ({m.EvaluationSplit})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} images" +
                                                                                                  (m.Tta != null ? $", {m.Tta} test-time augmentation; {m.SingleViewAccuracy:P1} with the centre crop alone)" : ")"));
        if (m.ValAccuracy is { } va)
            table.AddRow($"validation accuracy ({m.ValidationSplit})", $"{va:P1} ({m.ValidationItems} images, where every choice was made)" +
                                                                   (m.BestEpoch is { } best ? $"; epoch {best} kept" : ""));
        table.AddRow("recipe", m.Recipe);
        foreach (var c in m.Candidates ?? [])
            table.AddRow($"auto: {c.Recipe}", $"validation {c.ValAccuracy:P1}, test {(c.TestAccuracy is { } t ? t.ToString("P1") : "n/a")}, {c.WallSeconds:F0} s{(c.Kept ? " [green](kept)[/]" : "")}");
        table.AddRow("wall time", $"{m.WallSeconds:F1} s");
        table.AddRow("images/s (whole run)", $"{m.ImagesPerSecond:F1}");
        if (m.Recipe == Quickstart.RecipeId)
            table.AddRow("feature extraction", m.FeaturesCached ? "from cache" : $"{m.FeatureSeconds:F1} s at {m.ExtractionImagesPerSecond:F1} img/s");
        else if (m.RefitEpochs is { } refit)
            table.AddRow("training", $"{m.SelectionSeconds:F1} s choosing the epoch, then a refit on training and validation: {refit} epochs; {m.TrainSeconds:F1} s in all");
        else table.AddRow("training", $"{m.Epochs} epochs, {m.TrainSeconds:F1} s");
        table.AddRow("skipped files", m.SkippedFiles.ToString());
        table.AddRow("run folder", Markup.Escape(result.Folder.Path));
        AnsiConsole.Write(table);
        foreach (var s in result.Data.Report.Skipped)
            AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(result.Folder.Report)}[/] in a browser for curves and the confusion matrix.");
    }

    /// <summary>
    /// Turns Ctrl+C, and the SIGTERM or SIGHUP that a closed terminal or a cloud notebook's disconnect sends, into a
    /// cancellation that lets the current batch finish and the checkpoint save. Without the last two the process
    /// would die at once and lose the epoch in progress.
    /// </summary>
    public static IDisposable CancelOnCtrlC(CancellationTokenSource cancel, string message)
    {
        void Stop(string why)
        {
            cancel.Cancel();
            try { AnsiConsole.MarkupLine("[yellow]" + Markup.Escape($"{why}: {message}") + "[/]"); }
            catch (IOException) { } // after SIGHUP the terminal may be gone; the checkpoint matters, not the line
        }
        ConsoleCancelEventHandler handler = (_, e) => { e.Cancel = true; Stop("Ctrl+C"); };
        Console.CancelKeyPress += handler;
        var registrations = new List<IDisposable>();
        if (!OperatingSystem.IsWindows()) // there, closing the console ends the process regardless
            foreach (var (signal, why) in new[] { (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP (terminal closed)") })
                registrations.Add(PosixSignalRegistration.Create(signal, c => { c.Cancel = true; Stop(why); }));
        return new Unsubscribe(() =>
        {
            Console.CancelKeyPress -= handler;
            foreach (var r in registrations) r.Dispose();
        });
    }

    /// <summary>Prints a failure in red; returns its exit code by the CLI's one convention (<see cref="ExitCodes"/>).</summary>
    public static int Fail(Exception e) => ExitCodes.Report(e);

    sealed class Unsubscribe(Action action) : IDisposable { public void Dispose() => action(); }
}
