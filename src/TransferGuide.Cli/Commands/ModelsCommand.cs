using System.Text.Json;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg models</c>: the zoo's cost table (parameters, MACs/FLOPs, CPU latency at batch 1 and 32, peak memory),
/// each model measured in its own process so that its peak memory is its own.
/// </summary>
public sealed class ModelsCommand : Command<ModelsCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Print the table as JSON only.</summary>
        [CommandOption("--json"), Description("Print the cost table as JSON (and nothing else) on standard output.")] public bool Json { get; init; }

        /// <summary>Quick mode.</summary>
        [CommandOption("--quick"), Description("Fewer repeats (3) and batch 8 instead of 32: minutes instead of many on a 2-core laptop.")] public bool Quick { get; init; }

        /// <summary>Models to measure.</summary>
        [CommandOption("--only <IDS>"), Description("Comma-separated zoo ids (default: every model).")] public string? Only { get; init; }

        /// <summary>Input size.</summary>
        [CommandOption("--image-size <PX>"), OptionRange(16, 2048), Description("Input side in pixels (default 224, the models' own).")] public int ImageSize { get; init; } = 224;

        /// <summary>Torch threads.</summary>
        [CommandOption("--threads <N>"), OptionRange(1, 1024), Description("Torch threads (default: libtorch's choice).")] public int? Threads { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Where the JSON and the HTML chart go (default bench/).")] public string Out { get; init; } = "bench";

        /// <summary>Internal: measure one model in this process.</summary>
        [CommandOption("--child <ID>"), Description("Internal: measure one model and print its row as JSON.")] public string? Child { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = (s.Quick ? ModelCostOptions.Quick : new ModelCostOptions()) with { ImageSize = s.ImageSize, Threads = s.Threads };
        if (s.Child is { } child)
        {
            Console.WriteLine(JsonSerializer.Serialize(ModelCostBenchmark.Measure(child, options)));
            return 0;
        }
        var ids = s.Only is { } only
            ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => ModelZoo.Spec(i).Id).ToList()
            : ModelZoo.Available.Select(m => m.Id).ToList();
        var costs = new List<ModelCost>();
        foreach (var id in ids)
        {
            if (!s.Json) AnsiConsole.MarkupLine($"[grey]measuring {Markup.Escape(id)} (batch 1 and {options.BatchSize}, {options.Repeats} repeats, {options.ImageSize} px)…[/]");
            var args = new List<string> { "models", "--child", id, "--image-size", $"{options.ImageSize}" };
            if (s.Quick) args.Add("--quick");
            if (s.Threads is { } t) { args.Add("--threads"); args.Add($"{t}"); }
            var json = SelfProcess.Run(args, cancellationToken);
            costs.Add(JsonSerializer.Deserialize<ModelCost>(json.Trim().Split('\n').Last())!);
        }
        var document = new
        {
            machine = MachineDescription.Describe(), quick = s.Quick, image_size = options.ImageSize, batch_size = options.BatchSize,
            repeats = options.Repeats, models = costs,
        };
        var text = JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        if (s.Json)
        {
            Console.WriteLine(text);
            return 0;
        }
        AnsiConsole.Write(Table(costs));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(MachineDescription.Describe())}; medians of {options.Repeats} runs after a warm-up, fp32, eval mode. Other processes on the CPU slow every figure: compare within one run.[/]");
        Directory.CreateDirectory(s.Out);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var jsonPath = Path.Combine(s.Out, $"models-{stamp}.json");
        File.WriteAllText(jsonPath, text);
        var htmlPath = Path.Combine(s.Out, $"models-{stamp}.html");
        new HtmlReport("Model zoo: cost on this CPU")
            .Paragraph(MachineDescription.Describe())
            .Chart(ModelCostChart.Create(costs))
            .Table(Header(options.BatchSize), costs.Select(Row))
            .Save(htmlPath);
        AnsiConsole.MarkupLine($"Written to [blue]{Markup.Escape(jsonPath)}[/] and [blue]{Markup.Escape(htmlPath)}[/]");
        return 0;
    }

    static string[] Header(int batch) =>
        ["model", "params (M)", "MB (fp32)", "GMACs", "GFLOPs", "batch 1 (ms)", $"batch {batch} (ms)", "images/s", "peak RSS (MB)"];

    static string[] Row(ModelCost c) =>
    [
        c.Id, $"{c.Parameters / 1e6:F2}", $"{c.SizeMb:F1}", $"{c.GMacs:F3}", $"{c.GFlops:F3}", $"{c.LatencyBatch1Ms:F1}",
        $"{c.LatencyBatchMs:F0}", $"{c.ImagesPerSecond:F1}", $"{c.PeakRssMb:F0}",
    ];

    static Table Table(IReadOnlyList<ModelCost> costs)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(Header(costs.FirstOrDefault()?.BatchSize ?? 32));
        foreach (var c in costs) table.AddRow(Row(c));
        return table;
    }
}
