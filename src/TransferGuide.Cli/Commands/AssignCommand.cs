namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg assign</c>: the student release of the weeks. Each week's one source gives a notebook with its solution
/// regions replaced by <c>Exercise.Todo</c>, its hidden tests removed, the visible checks and every cell id kept, no
/// outputs; <c>manifest.json</c> records the exercise ids, points and the checksum of every released cell for
/// <c>tg grade</c>.
/// </summary>
public sealed class AssignCommand : CourseCommand<AssignCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CourseSettings
    {
        /// <summary>The release folder.</summary>
        [CommandOption("--out <DIR>"), Description("Folder for the student release and its manifest.json (default release).")] public string Out { get; init; } = "release";
    }

    /// <inheritdoc />
    protected override int Run(IReadOnlyList<string> sources, Settings s, CancellationToken cancellationToken)
    {
        var course = Repository.Find(Path.GetDirectoryName(sources[0])!) ?? Path.GetDirectoryName(Path.GetDirectoryName(sources[0])!)!;
        var outDir = Path.GetFullPath(s.Out);
        if (outDir == course || course.StartsWith(outDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new CliInputException($"--out {s.Out} would write over the course itself ({course}): pick a new folder, e.g. --out release.");
        var entries = new List<ManifestNotebook>();
        foreach (var path in sources)
        {
            ReleasedWeek week;
            try
            {
                var source = WeekSource.Load(path);
                var relative = Path.GetRelativePath(course, path);
                week = StudentRelease.Build(source, relative, Path.ChangeExtension(relative, ".ipynb"));
            }
            catch (Exception e) when (e is FormatException or FileNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.InvalidInput;
            }
            var target = Path.Combine(outDir, week.Entry.File);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.WriteText(target, week.Notebook);
            entries.Add(week.Entry);
            var ex = week.Entry.Exercises;
            Console.WriteLine($"{week.Entry.File}: {ex.Count} exercise(s), {ex.Sum(e => e.Points)} point(s), {ex.Count(e => e.HiddenTests)} with hidden tests");
        }
        // The notebooks import ../notebooks/setup.dib: the release carries it.
        var setup = Path.Combine(course, "notebooks", "setup.dib");
        if (File.Exists(setup))
        {
            Directory.CreateDirectory(Path.Combine(outDir, "notebooks"));
            File.Copy(setup, Path.Combine(outDir, "notebooks", "setup.dib"), true);
        }
        var manifest = new ReleaseManifest(ReleaseManifest.CurrentVersion, DateTime.UtcNow, course, entries);
        manifest.Save(Path.Combine(outDir, ReleaseManifest.FileName));
        Console.WriteLine($"Release of {entries.Count} week(s), {manifest.Exercises.Count()} exercise(s), {manifest.Exercises.Sum(e => e.Points)} point(s) in {outDir}; manifest {ReleaseManifest.FileName}.");
        return ExitCodes.Ok;
    }
}
