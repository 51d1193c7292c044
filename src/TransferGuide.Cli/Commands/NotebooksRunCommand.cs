using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Cli.Commands;

/// <summary><c>tg notebooks run</c>: executes course notebooks headlessly and prints one line per notebook.</summary>
public sealed class NotebooksRunCommand : Command<NotebooksRunCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Notebooks or folders.</summary>
        [CommandArgument(0, "[PATH]"), Description("Notebooks or folders of notebooks (default: every week, month1/ to month3/).")] public string[] Paths { get; init; } = [];

        /// <summary>Quick mode.</summary>
        [CommandOption("--quick"), Description("Quick mode (TRANSFERGUIDE_QUICK=1): fewer images, smaller inputs, fewer epochs, about a minute each.")] public bool Quick { get; init; }

        /// <summary>Where executed copies go.</summary>
        [CommandOption("--out <DIR>"), Description("Folder for the executed copies (default runs/notebooks-<timestamp>).")] public string? Out { get; init; }

        /// <summary>Per-cell timeout.</summary>
        [CommandOption("--cell-timeout <SECONDS>"), OptionRange(1, 86_400), Description("Seconds one cell may run (default 600).")] public int CellTimeout { get; init; } = 600;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var paths = s.Paths.Length > 0 ? s.Paths : DefaultFolders();
        IReadOnlyList<string> notebooks;
        try { notebooks = NotebookRunner.Find(paths); }
        catch (FileNotFoundException e) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return ExitCodes.InvalidInput; }
        if (notebooks.Count == 0) { AnsiConsole.MarkupLineInterpolated($"[red]No notebooks under {string.Join(", ", paths)}.[/]"); return ExitCodes.InvalidInput; }
        // The input is fine but the machine lacks Jupyter or the kernel: the run cannot happen, so it fails (1).
        if (NotebookRunner.MissingPrerequisite() is { } missing) { AnsiConsole.MarkupLineInterpolated($"[red]{missing}[/]"); return ExitCodes.RunFailed; }

        var runner = new NotebookRunner
        {
            Quick = s.Quick,
            CellTimeoutSeconds = s.CellTimeout,
            OutputFolder = s.Out ?? Path.Combine("runs", $"notebooks-{DateTime.Now:yyyyMMdd-HHmmss}"),
        };
        Console.WriteLine($"Running {notebooks.Count} notebook(s) through Jupyter ({NotebookRunner.Kernel}), {(s.Quick ? "quick" : "full")} mode; executed copies in {runner.OutputFolder}");
        return WeekRunLines.RunAll(notebooks, notebook =>
        {
            var run = runner.Execute(notebook);
            return new WeekOutcome(run.Passed, run.Seconds, run.Charts, run.Error);
        }, cancellationToken);
    }

    /// <summary>The month folders of the repository above the working directory.</summary>
    static string[] DefaultFolders()
    {
        var root = Repository.FromWorkingDirectory();
        var months = Directory.GetDirectories(root, "month*").Order(StringComparer.Ordinal).ToArray();
        return months.Length > 0 ? months : [Path.Combine(root, "month1")];
    }
}
