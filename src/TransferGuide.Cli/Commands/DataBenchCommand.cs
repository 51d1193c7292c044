using System.Text.Json;
using TransferGuide.Bench;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg data bench</c>: images/s of the data pipeline alone with 1 and 2 workers, next to the model's forward rate.</summary>
public sealed class DataBenchCommand : Command<DataBenchCommand.Settings>
{
    /// <summary>Options of tg data bench.</summary>
    [OptionHelp("--dataset", "Catalog dataset to read (default hymenoptera_data).")]
    [OptionHelp("--data", "Your own images instead: one sub-folder per class.")]
    public sealed class Settings() : DataSettings("hymenoptera_data")
    {
        /// <summary>Images.</summary>
        [CommandOption("--images <N>"), OptionRange(1, 10_000_000), Description("Images to push through the pipeline (default 160).")] public int Images { get; init; } = 160;

        /// <summary>Input size.</summary>
        [CommandOption("--size <PX>"), OptionRange(16, 2048), Description("Input side in pixels (default the model's 224).")] public int? Size { get; init; }

        /// <summary>Worker counts.</summary>
        [CommandOption("--workers <LIST>"), Description("Worker counts to compare, comma-separated (default 1,2).")] public string Workers { get; init; } = "1,2";

        /// <summary>Forward batches.</summary>
        [CommandOption("--forward-batches <N>"), OptionRange(0, 1000), Description("Batches of 32 timed through the model (default 3; 0 skips the model).")] public int ForwardBatches { get; init; } = 3;

        /// <summary>Where run folders go.</summary>
        [CommandOption("--runs <DIR>"), Description("Folder for run folders (default ./runs); the figures go to bench.json there.")] public string Runs { get; init; } = "runs";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var workers = settings.Workers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(w => int.TryParse(w, out var n) && n > 0 ? n : throw new ArgumentException($"--workers {settings.Workers}: give positive whole numbers, e.g. 1,2.")).ToArray();
            var data = Datasets.Load(settings.Dataset, settings.Data, new DatasetLoadOptions());
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{data.Name}: {Math.Min(settings.Images, data.Items.Count)} images, {Environment.ProcessorCount} cores")}[/]");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("stage").AddColumn("workers").AddColumn(new TableColumn("images/s").RightAligned());
            var figures = new List<PipelineFigure>();
            AnsiConsole.Live(table).Start(ctx =>
            {
                DataPipelineBenchmark.Run(data, new PipelineBenchmarkOptions(settings.Images, ImageSize: settings.Size, WorkerCounts: workers, ForwardBatches: settings.ForwardBatches),
                    f =>
                    {
                        figures.Add(f);
                        table.AddRow(Markup.Escape(f.Stage), f.Workers == 0 ? "-" : f.Workers.ToString(), $"{f.ImagesPerSecond:F1}");
                        ctx.Refresh();
                    }, cancellationToken);
            });
            var folder = RunFolder.Create(settings.Runs);
            var json = Path.Combine(folder.Path, "bench.json");
            AtomicFile.WriteText(json, JsonSerializer.Serialize(new
            {
                dataset = data.Name, cores = Environment.ProcessorCount, images = Math.Min(settings.Images, data.Items.Count),
                figures = figures.Select(f => new { stage = f.Stage, workers = f.Workers, images = f.Images, seconds = f.Seconds, images_per_second = f.ImagesPerSecond }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"Figures saved to [bold]{Markup.Escape(json)}[/]. Other processes on the same cores lower every figure: compare rows of one run.");
            return 0;
        }
        catch (OperationCanceledException)
        {
            return RunDisplay.Stopped("Stopped; nothing was written.");
        }
    }
}
