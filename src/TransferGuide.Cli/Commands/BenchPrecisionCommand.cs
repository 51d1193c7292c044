using System.Text.Json;
using TransferGuide.Bench;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg bench precision</c>: fp32 against bf16 (or fp16) training steps, images/s and peak memory.</summary>
public sealed class BenchPrecisionCommand : Command<BenchPrecisionCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Precisions to compare.</summary>
        [CommandOption("--precisions <LIST>"), Description("Comma-separated precisions (default fp32,bf16).")] public string Precisions { get; init; } = "fp32,bf16";

        /// <summary>Batch size.</summary>
        [CommandOption("--batch-size <N>"), OptionRange(1, 4096), Description("Images per step (default 32).")] public int BatchSize { get; init; } = 32;

        /// <summary>Image size.</summary>
        [CommandOption("--image-size <PX>"), OptionRange(16, 2048), Description("Input side in pixels (default 224).")] public int ImageSize { get; init; } = 224;

        /// <summary>Timed steps per round.</summary>
        [CommandOption("--steps <N>"), OptionRange(1, 100_000), Description("Timed steps per round and precision (default 6).")] public int Steps { get; init; } = 6;

        /// <summary>Rounds.</summary>
        [CommandOption("--rounds <N>"), OptionRange(1, 1000), Description("Alternating rounds; each precision runs once per round in a fresh process (default 2).")] public int Rounds { get; init; } = 2;

        /// <summary>Output file.</summary>
        [CommandOption("--out <DIR>"), Description("Folder for the timestamped JSON result (default ./bench).")] public string Out { get; init; } = "bench";

        /// <summary>Internal: run one precision in this process and print JSON.</summary>
        [CommandOption("--child <PRECISION>"), Description("Internal: measure one precision in this process and print its result as JSON.")] public string? Child { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Child is { } child)
        {
            // NCHW, on the numerics path the guard allows for it on this machine.
            var path = TransferGuide.Models.Numerics.NumericsGuard.TrainingPath(TransferGuide.Models.ModelZoo.ResNet18ImageNet, channelsLast: false);
            using var oneDnnOff = path.OneDnnOff ? TransferGuide.Core.Native.OneDnn.Disable() : null;
            var one = TrainStepBenchmark.Run(TrainStepBenchmark.Parse(child), s.BatchSize, s.ImageSize, s.Steps, fixes: path.Fixes);
            Console.WriteLine(JsonSerializer.Serialize(one));
            return 0;
        }
        var precisions = s.Precisions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in precisions) TrainStepBenchmark.Parse(p);
        var results = new List<TrainStepResult>();
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(MachineDescription.Describe())}[/]");
        AnsiConsole.Status().Start("measuring", ctx =>
        {
            for (int round = 1; round <= s.Rounds; round++)
                foreach (var p in precisions)
                {
                    ctx.Status($"round {round}/{s.Rounds}: {p}, batch {s.BatchSize}, {s.ImageSize} px, {s.Steps} steps");
                    var json = SelfProcess.Run(["bench", "precision", "--child", p, "--batch-size", $"{s.BatchSize}",
                        "--image-size", $"{s.ImageSize}", "--steps", $"{s.Steps}"], cancellationToken);
                    var r = JsonSerializer.Deserialize<TrainStepResult>(json.Trim().Split('\n').Last())!;
                    results.Add(r);
                    AnsiConsole.MarkupLine(Markup.Escape($"round {round} {p}: {r.ImagesPerSecond:F1} img/s, peak {r.PeakRssMb:F0} MB, loss {r.FirstLoss:F3} -> {r.LastLoss:F3}"));
                }
        });
        var summary = precisions.Select(p =>
        {
            var rs = results.Where(r => r.Precision == p).ToList();
            return new { precision = p, images_per_second = Median.Of(rs.Select(r => r.ImagesPerSecond)), peak_rss_mb = rs.Max(r => r.PeakRssMb),
                first_loss = rs[0].FirstLoss, last_loss = rs[0].LastLoss };
        }).ToList();
        double baseline = summary[0].images_per_second;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("precision", "train images/s (median)", $"vs {summary[0].precision}", "peak RSS MB", "loss first -> last");
        foreach (var r in summary)
            table.AddRow(r.precision, $"{r.images_per_second:F1}", $"{r.images_per_second / baseline:F2}x", $"{r.peak_rss_mb:F0}", $"{r.first_loss:F3} -> {r.last_loss:F3}");
        AnsiConsole.Write(table);
        RunDisplay.SaveJson(s.Out, "precision", new
        {
            machine = MachineDescription.Describe(), batch_size = s.BatchSize, image_size = s.ImageSize, steps = s.Steps, rounds = s.Rounds,
            summary, runs = results,
        });
        return ExitCodes.Ok;
    }
}
