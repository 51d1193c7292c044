using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg quickstart</c>: the one-call feature-extraction recipe with a progress display.</summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    /// <summary>Options of tg quickstart.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Catalog dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("Catalog dataset to use (default hymenoptera_data, ants vs bees).")]
        public string Dataset { get; init; } = "hymenoptera_data";

        /// <summary>User's folder.</summary>
        [CommandOption("--data <DIR>")]
        [Description("Your own images: one sub-folder per class, optionally under train/ and val/ (or test/).")]
        public string? Data { get; init; }

        /// <summary>Head epochs.</summary>
        [CommandOption("--epochs <N>")]
        [Description("Epochs of head training (default 40).")]
        public int? Epochs { get; init; }

        /// <summary>Where run folders go.</summary>
        [CommandOption("--runs <DIR>")]
        [Description("Folder for run folders (default ./runs).")]
        public string Runs { get; init; } = "runs";

        /// <summary>Skip the feature cache.</summary>
        [CommandOption("--no-cache")]
        [Description("Extract features again instead of using the cache.")]
        public bool NoCache { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed for splits and training (default 42).")]
        public int Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            AnsiConsole.MarkupLine("[yellow]Stopping after this batch; finished work is kept and the next run resumes from it.[/]");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var head = new HeadOptions(Seed: settings.Seed);
            if (settings.Epochs is { } epochs) head = head with { Epochs = epochs };
            var options = new QuickstartOptions(
                Dataset: settings.Dataset, DataDir: settings.Data, Head: head, RunsRoot: settings.Runs,
                FeatureCacheFolder: settings.NoCache ? "" : null, Seed: settings.Seed);

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
                    var progress = new RecipeProgress(
                        Work: new ActionProgress<WorkProgress>(p =>
                        {
                            var t = Task("features " + p.Stage.Replace(" (cached)", ""), p.Total);
                            t.Value = p.Done;
                            if (p.ItemsPerSecond > 0) t.Description = Markup.Escape($"features {p.Stage} ({p.ItemsPerSecond:F1} img/s)");
                            else if (p.Stage.EndsWith("(cached)", StringComparison.Ordinal)) t.Description = Markup.Escape($"features {p.Stage}");
                        }),
                        Epochs: new ActionProgress<EpochMetrics>(e =>
                        {
                            var t = Task("head", head.Epochs);
                            t.Value = e.Epoch;
                            t.Description = Markup.Escape($"head epoch {e.Epoch}/{head.Epochs}: loss {e.TrainLoss:F3}, held-out acc {e.ValidAccuracy:P1}");
                        }),
                        Log: line => AnsiConsole.MarkupLine("[grey]" + Markup.Escape(line) + "[/]"));
                    result = Quickstart.Run(options, progress, cancel.Token);
                });

            var m = result!.Metrics;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
            table.AddRow($"accuracy ({m.EvaluationSplit})", $"[bold]{m.Accuracy:P1}[/] ({m.EvaluationItems} images)");
            table.AddRow("wall time", $"{m.WallSeconds:F1} s");
            table.AddRow("images/s (whole run)", $"{m.ImagesPerSecond:F1}");
            table.AddRow("feature extraction", m.FeaturesCached ? "from cache" : $"{m.FeatureSeconds:F1} s at {m.ExtractionImagesPerSecond:F1} img/s");
            table.AddRow("skipped files", m.SkippedFiles.ToString());
            table.AddRow("run folder", Markup.Escape(result.Folder.Path));
            AnsiConsole.Write(table);
            foreach (var s in result.Data.Report.Skipped)
                AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
            AnsiConsole.MarkupLine($"Open [bold]{Markup.Escape(result.Folder.Report)}[/] in a browser for curves and the confusion matrix.");
            return 0;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped. Extracted features are kept in the cache; run the same command to resume.[/]");
            return 130;
        }
        catch (Exception e) when (e is TransferGuide.Data.DataLayoutException or TransferGuide.Data.DatasetNotFoundException
                                   or FileNotFoundException or InvalidOperationException or ArgumentException)
        {
            AnsiConsole.MarkupLine("[red]Error:[/] " + Markup.Escape(e.Message));
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
