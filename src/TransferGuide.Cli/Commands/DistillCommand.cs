namespace TransferGuide.Cli.Commands;

/// <summary><c>tg distill</c>: a fine-tuned teacher, the student alone and the student with knowledge distillation.</summary>
public sealed class DistillCommand : Command<DistillCommand.Settings>
{
    /// <summary>Options.</summary>
    [OptionHelp("--dataset", "Catalog dataset (default hymenoptera_data, ants/bees).")]
    public sealed class Settings() : ComparisonSettings(Defaults.Dataset)
    {
        /// <summary>Teacher.</summary>
        [CommandOption("--teacher <ID>"), Description("Zoo id of the teacher (default resnet18_imagenet).")] public string Teacher { get; init; } = Defaults.Teacher;

        /// <summary>Student.</summary>
        [CommandOption("--student <ID>"), Description("Zoo id of the student (default mobilenet_v2).")] public string Student { get; init; } = Defaults.Student;

        /// <summary>Teacher epochs.</summary>
        [CommandOption("--teacher-epochs <N>"), OptionRange(1, 10_000), Description("Teacher epochs over all layers after one head epoch (default 3).")] public int TeacherEpochs { get; init; } = Defaults.TeacherEpochs;

        /// <summary>Student epochs.</summary>
        [CommandOption("--student-epochs <N>"), OptionRange(1, 10_000), Description("Epochs for each student (default 15).")] public int StudentEpochs { get; init; } = Defaults.StudentEpochs;

        /// <summary>Alpha.</summary>
        [CommandOption("--alpha <A>"), OptionRange(0, 1), Description("Weight of the teacher's soft targets, 0..1 (default 0.7).")] public double Alpha { get; init; } = DefaultLoss.Alpha;

        /// <summary>Temperature.</summary>
        [CommandOption("--temperature <T>"), OptionRange(0, 100, MinExclusive = true), Description("Softmax temperature (default 4).")] public double Temperature { get; init; } = DefaultLoss.Temperature;

        /// <summary>From scratch.</summary>
        [CommandOption("--scratch"), Description("Train the students from scratch even when ImageNet weights are cached.")] public bool Scratch { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>"), OptionRange(0, int.MaxValue), Description("Seed shared by all three (default 42).")] public int Seed { get; init; } = 42;
    }

    // The recipe's own defaults, so that `tg distill` with no options runs what DistillRecipe.Run(new()) runs.
    static readonly DistillOptions Defaults = new();
    static readonly DistillationLoss DefaultLoss = new();

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
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
        RunDisplay.SaveJson(s.Out, "distill", report, $"{report.WallSeconds:F0} s. ");
        return ExitCodes.Ok;
    }
}
