namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg course build</c>: writes each week's notebook from its one source (<c>monthN/weekNN-*.cs</c>);
/// <c>--check</c> only reports the notebooks that differ from what their source generates.
/// </summary>
public sealed class CourseBuildCommand : CourseCommand<CourseBuildCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CourseSettings
    {
        /// <summary>Check only.</summary>
        [CommandOption("--check"), Description("Write nothing; exit 1 if a notebook is stale (its source changed since it was built).")] public bool Check { get; init; }
    }

    /// <inheritdoc />
    protected override int Run(IReadOnlyList<string> sources, Settings s, CancellationToken cancellationToken)
    {
        int changed = 0;
        var cwd = Directory.GetCurrentDirectory();
        foreach (var path in sources)
        {
            WeekSource source;
            try { source = WeekSource.Load(path); }
            catch (Exception e) when (e is FormatException or FileNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.InvalidInput;
            }
            var notebook = WeekNotebook.PathFor(path);
            bool stale = !File.Exists(notebook) || File.ReadAllText(notebook) != WeekNotebook.Build(source);
            if (stale && !s.Check) WeekNotebook.Write(source);
            if (stale) changed++;
            Console.WriteLine($"{(stale ? s.Check ? "STALE" : "wrote" : "ok   ")}  {Path.GetRelativePath(cwd, notebook)}");
        }
        if (s.Check && changed > 0)
        {
            Console.WriteLine($"{changed} notebook(s) differ from their source: run tg course build.");
            return ExitCodes.RunFailed;
        }
        Console.WriteLine(s.Check ? $"{sources.Count} notebook(s) match their source." : $"{changed} of {sources.Count} notebook(s) written.");
        return ExitCodes.Ok;
    }
}
