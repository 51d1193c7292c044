using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TransferGuide.Augment;
using TransferGuide.Evaluation.Ensembles;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg ensemble</c>: members fine-tuned with different seeds, their average, TTA and snapshots, against the best member.</summary>
public sealed class EnsembleCommand : Command<EnsembleCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("Catalog dataset (default oxford_flowers17).")]
        public string Dataset { get; init; } = "oxford_flowers17";

        /// <summary>Data folder.</summary>
        [CommandOption("--data <DIR>")]
        [Description("A folder of class folders instead of a catalog dataset.")]
        public string? Data { get; init; }

        /// <summary>Model.</summary>
        [CommandOption("--model <ID>")]
        [Description("Zoo id of every member (default resnet18_imagenet).")]
        public string Model { get; init; } = Models.ModelZoo.ResNet18ImageNet;

        /// <summary>Seeds.</summary>
        [CommandOption("--seeds <LIST>")]
        [Description("One member per seed (default 1,2,3).")]
        public string Seeds { get; init; } = "1,2,3";

        /// <summary>Epochs.</summary>
        [OptionRange(1, 10_000)]
        [CommandOption("--epochs <N>")]
        [Description("Epochs over all layers after one head epoch (default 3).")]
        public int Epochs { get; init; } = 3;

        /// <summary>Image size.</summary>
        [OptionRange(16, 2048)]
        [CommandOption("--image-size <PX>")]
        [Description("Input side (default 128; the models' own is 224, smaller is faster on a CPU).")]
        public int ImageSize { get; init; } = 128;

        /// <summary>Batch size.</summary>
        [OptionRange(1, 4096)]
        [CommandOption("--batch-size <N>")]
        [Description("Images per step (default 32).")]
        public int BatchSize { get; init; } = 32;

        /// <summary>TTA views.</summary>
        [CommandOption("--tta <VIEWS>")]
        [Description("Test-time augmentation: flip (2 views), fivecrop (5) or tencrop (10). Default flip.")]
        public string Tta { get; init; } = "flip";

        /// <summary>Learning rate.</summary>
        [OptionRange(0, 10, MinExclusive = true)]
        [CommandOption("--lr <RATE>")]
        [Description("Base learning rate of each member's fine-tune (default 1e-3, as Learner.FineTune).")]
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Precision.</summary>
        [CommandOption("--precision <P>")]
        [Description("fp32, bf16 or fp16 training (default: the learner's default).")]
        public string? Precision { get; init; }

        /// <summary>Snapshot cycles.</summary>
        [OptionRange(0, 100)]
        [CommandOption("--snapshots <N>")]
        [Description("Also a snapshot ensemble of N cosine-restart cycles after the first member (default 0: none).")]
        public int Snapshots { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Where the JSON report goes (default runs/).")]
        public string Out { get; init; } = "runs";
    }

    static LearnerOptions LearnerOptionsFor(Settings s)
    {
        var options = new LearnerOptions { BatchSize = s.BatchSize, ImageSize = s.ImageSize };
        return s.Precision is { } p ? options with { Performance = options.Performance with { Precision = Bench.TrainStepBenchmark.Parse(p) } } : options;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        try
        {
            var tta = Enum.Parse<TtaViews>(s.Tta, ignoreCase: true);
            var seeds = s.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
            var report = EnsembleRecipe.Run(new EnsembleOptions(s.Data == null ? s.Dataset : null, s.Data, s.Model, seeds, s.Epochs, s.LearningRate, tta,
                SnapshotCycles: s.Snapshots, Learner: LearnerOptionsFor(s)),
                line => AnsiConsole.MarkupLine(Markup.Escape(line)), cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("model", $"{report.Split} accuracy ({report.Items} images)");
            foreach (var m in report.Members) table.AddRow($"member seed {m.Seed}", $"{m.Accuracy:P1}");
            foreach (var m in report.Members) table.AddRow($"member seed {m.Seed} + {tta} TTA", $"{m.TtaAccuracy:P1}");
            table.AddRow("[bold]best single member[/]", $"{report.BestMemberAccuracy:P1}");
            table.AddRow($"[bold]ensemble of {report.Members.Count}[/]", $"{report.EnsembleAccuracy:P1}");
            table.AddRow($"ensemble + {tta} TTA", $"{report.EnsembleTtaAccuracy:P1}");
            if (report.SnapshotEnsembleAccuracy is { } snap)
            {
                table.AddRow("snapshots", string.Join(", ", report.SnapshotAccuracies.Select(a => a.ToString("P1"))));
                table.AddRow("snapshot ensemble", $"{snap:P1}");
            }
            AnsiConsole.Write(table);
            Directory.CreateDirectory(s.Out);
            var path = Path.Combine(s.Out, $"ensemble-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"{report.WallSeconds:F0} s. Written to [blue]{Markup.Escape(path)}[/]");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or DirectoryNotFoundException or FileNotFoundException)
        {
            return RunDisplay.Fail(e);
        }
    }
}
