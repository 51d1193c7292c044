using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TransferGuide.Recipes;
using TransferGuide.Training;
using TransferGuide.Training.Distillation;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg distill</c>: a fine-tuned teacher, the student alone and the student with knowledge distillation.</summary>
public sealed class DistillCommand : Command<DistillCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("Catalog dataset (default hymenoptera_data, ants/bees).")]
        public string Dataset { get; init; } = "hymenoptera_data";

        /// <summary>Data folder.</summary>
        [CommandOption("--data <DIR>")]
        [Description("A folder of class folders instead of a catalog dataset.")]
        public string? Data { get; init; }

        /// <summary>Teacher.</summary>
        [CommandOption("--teacher <ID>")]
        [Description("Zoo id of the teacher (default resnet18_imagenet).")]
        public string Teacher { get; init; } = Models.ModelZoo.ResNet18ImageNet;

        /// <summary>Student.</summary>
        [CommandOption("--student <ID>")]
        [Description("Zoo id of the student (default mobilenet_v2).")]
        public string Student { get; init; } = "mobilenet_v2";

        /// <summary>Teacher epochs.</summary>
        [OptionRange(1, 10_000)]
        [CommandOption("--teacher-epochs <N>")]
        [Description("Teacher epochs over all layers after one head epoch (default 3).")]
        public int TeacherEpochs { get; init; } = 3;

        /// <summary>Student epochs.</summary>
        [OptionRange(1, 10_000)]
        [CommandOption("--student-epochs <N>")]
        [Description("Epochs for each student (default 15).")]
        public int StudentEpochs { get; init; } = 15;

        /// <summary>Alpha.</summary>
        [OptionRange(0, 1)]
        [CommandOption("--alpha <A>")]
        [Description("Weight of the teacher's soft targets, 0..1 (default 0.7).")]
        public double Alpha { get; init; } = 0.7;

        /// <summary>Temperature.</summary>
        [OptionRange(0, 100, MinExclusive = true)]
        [CommandOption("--temperature <T>")]
        [Description("Softmax temperature (default 4).")]
        public double Temperature { get; init; } = 4;

        /// <summary>From scratch.</summary>
        [CommandOption("--scratch")]
        [Description("Train the students from scratch even when ImageNet weights are cached.")]
        public bool Scratch { get; init; }

        /// <summary>Image size.</summary>
        [OptionRange(16, 2048)]
        [CommandOption("--image-size <PX>")]
        [Description("Input side for all three (default 128).")]
        public int ImageSize { get; init; } = 128;

        /// <summary>Batch size.</summary>
        [OptionRange(1, 4096)]
        [CommandOption("--batch-size <N>")]
        [Description("Images per step (default 32).")]
        public int BatchSize { get; init; } = 32;

        /// <summary>Seed.</summary>
        [OptionRange(0, int.MaxValue)]
        [CommandOption("--seed <N>")]
        [Description("Seed shared by all three (default 42).")]
        public int Seed { get; init; } = 42;

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Where the JSON report goes (default runs/).")]
        public string Out { get; init; } = "runs";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        try
        {
            var report = DistillRecipe.Run(new DistillOptions(s.Data == null ? s.Dataset : null, s.Data, s.Teacher, s.Student, s.TeacherEpochs,
                s.StudentEpochs, StudentPretrained: s.Scratch ? false : null, Loss: new DistillationLoss(s.Alpha, s.Temperature),
                Learner: new LearnerOptions { BatchSize = s.BatchSize, ImageSize = s.ImageSize, Seed = s.Seed }),
                line => AnsiConsole.MarkupLine(Markup.Escape(line)), cancellationToken);
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("role", "model", $"{report.Split} accuracy", "params (M)", "MB", "batch 1 (ms)", "train (s)");
            foreach (var e in report.Entries)
                table.AddRow(e.Role, e.Model, $"{e.Accuracy:P1}", $"{e.Parameters / 1e6:F2}", $"{e.SizeMb:F1}", $"{e.LatencyBatch1Ms:F1}", $"{e.TrainSeconds:F0}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"{report.ImageSize} px, students {(report.StudentPretrained ? "from ImageNet weights" : "from scratch")}, alpha {report.Alpha}, T {report.Temperature}."));
            Directory.CreateDirectory(s.Out);
            var path = Path.Combine(s.Out, $"distill-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"{report.WallSeconds:F0} s. Written to [blue]{Markup.Escape(path)}[/]");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or DirectoryNotFoundException or FileNotFoundException)
        {
            return RunDisplay.Fail(e);
        }
    }
}
