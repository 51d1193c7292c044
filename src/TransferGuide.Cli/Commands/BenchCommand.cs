using TransferGuide.Bench;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg bench</c>: the kit against ONNX Runtime (forward) and PyTorch in Python (training step), the input
/// pipeline, and ants/bees end to end, with peak memory; a table of medians and ratios and a timestamped JSON.
/// </summary>
public sealed class BenchCommand : Command<BenchCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Small version.</summary>
        [CommandOption("--quick"), Description("A small version: batches of 4, one round, the peers and the kit only, a one-epoch fine-tune at 64 px (about 1m45 of CPU time).")] public bool Quick { get; init; }

        /// <summary>Sections.</summary>
        [CommandOption("--only <LIST>"), Description("Comma-separated parts to run: forward, train, pipeline, e2e, finetune, text, text-finetune, audio (default all).")] public string? Only { get; init; }

        /// <summary>Rounds.</summary>
        [CommandOption("--rounds <N>"), OptionRange(1, 1000), Description("Alternating rounds of the forward and training-step variants (default 3; 1 with --quick).")] public int? Rounds { get; init; }

        /// <summary>Batch size.</summary>
        [CommandOption("--batch-size <N>"), OptionRange(1, 4096), Description("Images per forward pass and training step (default 32).")] public int? BatchSize { get; init; }

        /// <summary>Image size.</summary>
        [CommandOption("--image-size <PX>"), OptionRange(16, 2048), Description("Input side of the forward and training-step parts (default 224).")] public int? ImageSize { get; init; }

        /// <summary>Forward variants.</summary>
        [CommandOption("--forward <LIST>"), Description("Forward variants: onnxruntime, kit, kit-plain, kit-folded, kit-folded-cl, kit-folded-cl-fixed, kit-folded-bf16, kit-folded-cl-bf16 (default onnxruntime,kit,kit-folded-cl-fixed,kit-plain; kit is what feature extraction uses: the path the numerics guard chose on this machine, see tg doctor).")] public string? ForwardVariants { get; init; }

        /// <summary>Training variants.</summary>
        [CommandOption("--train <LIST>"), Description("Training-step variants: pytorch, kit (the Learner's default: fp32, channels-last and the stem recomputed on a CPU, on the numerics path the guard chose), kit-nchw, kit-recompute-stem, kit-keep-stem, kit-cl-input, kit-bf16 (default pytorch,kit,kit-bf16).")] public string? TrainVariants { get; init; }

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>"), OptionRange(1, 1024), Description("Compute threads for every engine, the peers included (default: torch's, one per core). On a busy machine fewer threads can be faster.")] public int? Threads { get; init; }

        /// <summary>Fine-tune precision.</summary>
        [CommandOption("--finetune-precision <P>"), Description("Precision of the fine-tune run: fp32 (the recipe's default) or bf16.")] public string FineTunePrecision { get; init; } = "fp32";

        /// <summary>Run in this process.</summary>
        [CommandOption("--in-process"), Description("Measure everything in this process instead of one fresh process per measurement (faster to start; peak memory is then shared).")] public bool InProcess { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>"), Description("Folder for the timestamped JSON result (default ./bench-results).")] public string Out { get; init; } = "bench-results";

        /// <summary>Internal: one measurement.</summary>
        [CommandOption("--child <JOB>"), Description("Internal: run one measurement (JSON job) in this process and print its result as JSON.")] public string? Child { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Child is { } job)
        {
            Console.WriteLine(BenchChild.Run(BenchChild.Parse(job)));
            return 0;
        }
        var plan = Plan(s);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(MachineDescription.Describe())}[/]");
        AnsiConsole.MarkupLine($"[grey]load average {Markup.Escape(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown")}: other work on these cores lowers every absolute figure; compare the ratios.[/]");
        Func<ChildJob, string> launch = s.InProcess
            ? BenchChild.Run
            : j => SelfProcess.Run(["bench", "--child", System.Text.Json.JsonSerializer.Serialize(j)], cancellationToken,
                plainHeap: j.Variant == ForwardBenchmark.OnnxRuntime);
        BenchReport report = null!;
        AnsiConsole.Status().Start("measuring", ctx =>
        {
            var runner = new BenchRunner(plan, launch, line =>
            {
                AnsiConsole.MarkupLine(Markup.Escape(line));
                ctx.Status("measuring (last: " + Markup.Escape(line.Split(':')[0]) + ")");
            });
            report = runner.Run(cancellationToken);
        });
        Show(report);
        var path = report.Save(s.Out);
        AnsiConsole.MarkupLine($"Written to [blue]{Markup.Escape(path)}[/]");
        return 0;
    }

    static BenchPlan Plan(Settings s)
    {
        var basePlan = s.Quick ? BenchPlan.Quick : BenchPlan.Full;
        static string[]? List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sections = List(s.Only) ?? [.. BenchPlan.AllSections];
        foreach (var section in sections)
            if (!BenchPlan.AllSections.Contains(section))
                throw new ArgumentException($"Unknown part '{section}'. Use: {string.Join(", ", BenchPlan.AllSections)}.");
        var forward = List(s.ForwardVariants);
        foreach (var v in forward ?? [])
            if (!ForwardBenchmark.Variants.Contains(v)) throw new ArgumentException($"Unknown forward variant '{v}'. Use: {string.Join(", ", ForwardBenchmark.Variants)}.");
        var train = List(s.TrainVariants);
        foreach (var v in train ?? [])
            if (v != TrainBenchmark.PyTorch && !TrainBenchmark.KitVariants.Contains(v))
                throw new ArgumentException($"Unknown training variant '{v}'. Use: pytorch, {string.Join(", ", TrainBenchmark.KitVariants)}.");
        return basePlan with
        {
            Sections = sections,
            Rounds = s.Rounds ?? basePlan.Rounds,
            BatchSize = s.BatchSize ?? basePlan.BatchSize,
            ImageSize = s.ImageSize ?? basePlan.ImageSize,
            ForwardVariants = forward ?? basePlan.ForwardVariants,
            TrainVariants = train ?? basePlan.TrainVariants,
            Threads = s.Threads ?? 0,
            FineTunePrecision = TrainStepBenchmark.Name(TrainStepBenchmark.Parse(s.FineTunePrecision)),
        };
    }

    static void Show(BenchReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("tg bench: medians, each variant in its own process, alternating")
            .AddColumns("part", "variant", "median", "ratio", "peak RSS MB", "runs");
        foreach (var r in report.Table)
            table.AddRow(Markup.Escape(r.Section), Markup.Escape(r.Variant), Markup.Escape(r.Figure), Markup.Escape(r.Ratio ?? ""),
                r.PeakRssMb is { } m ? $"{m:F0}" : "", $"{r.Runs}");
        AnsiConsole.Write(table);
        var goals = new Table().Border(TableBorder.Rounded).Title("goals").AddColumns("goal", "target", "measured", "met");
        foreach (var g in report.Goals)
            goals.AddRow(Markup.Escape(g.Name), Markup.Escape(g.Target), g.Measured is { } v ? $"{v:F2}" : "not measured",
                g.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "-" });
        AnsiConsole.Write(goals);
        foreach (var note in report.Notes) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
    }
}
