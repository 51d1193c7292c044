using System.Diagnostics;
using TransferGuide.Cli.Grading;
using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Cli.Commands;

/// <summary>
/// <c>tg grade SUBMISSIONS</c>: grades one folder or .ipynb per student against a release (<c>tg assign</c>): tamper
/// check, hidden tests put back, each notebook run through the real kernel in its own capped, sandboxed process,
/// then gradebook.csv, the SQLite gradebook and a feedback.html per student. <c>--emit-jobs</c> and
/// <c>--collect</c> split the same work over an existing batch system.
/// </summary>
public sealed class GradeCommand : Command<GradeCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The submissions.</summary>
        [CommandArgument(0, "[SUBMISSIONS]"), Description("Folder with one folder or .ipynb per student (not needed with --collect).")] public string? Submissions { get; init; }

        /// <summary>The release.</summary>
        [CommandOption("--release <DIR>"), Description("The release folder tg assign wrote, with its manifest.json (default release).")] public string Release { get; init; } = "release";

        /// <summary>Results.</summary>
        [CommandOption("--out <DIR>"), Description("Folder for gradebook.csv, gradebook.db, results/ and feedback/ (default grades).")] public string Out { get; init; } = "grades";

        /// <summary>The course.</summary>
        [CommandOption("--course <DIR>"), Description("The course folder with the week sources (default: the one the manifest names).")] public string? Course { get; init; }

        /// <summary>Parallel submissions.</summary>
        [CommandOption("--jobs <N>"), OptionRange(1, 64), Description("Submissions graded at once (default 1).")] public int Jobs { get; init; } = 1;

        /// <summary>Only these students.</summary>
        [CommandOption("--student <NAME>"), Description("Grade only this student (repeatable): a regrade keeps everyone else's results.")] public string[] Students { get; init; } = [];

        /// <summary>Batch mode.</summary>
        [CommandOption("--emit-jobs <FILE>"), Description("Write one tg grade command per student to FILE (for GNU parallel or a Slurm array) and grade nothing.")] public string? EmitJobs { get; init; }

        /// <summary>Merge.</summary>
        [CommandOption("--collect"), Description("Merge results/*.json in --out into the gradebooks and feedback pages; run nothing.")] public bool Collect { get; init; }

        /// <summary>Batch job: result only.</summary>
        [CommandOption("--no-collect"), Description("Write only results/STUDENT.json (what each emitted job does); --collect merges later.")] public bool NoCollect { get; init; }

        /// <summary>Full mode.</summary>
        [CommandOption("--full"), Description("Run the notebooks in full mode (default: quick mode, as CI runs the weeks).")] public bool Full { get; init; }

        /// <summary>Wall-time cap.</summary>
        [CommandOption("--wall-time <SECONDS>"), OptionRange(10, 86_400), Description("Wall time one submitted notebook may take, kernel start included (default 600).")] public int WallTime { get; init; } = 600;

        /// <summary>Cell cap.</summary>
        [CommandOption("--cell-timeout <SECONDS>"), OptionRange(5, 86_400), Description("Wall time one cell may take before it fails (default 120).")] public int CellTimeout { get; init; } = 120;

        /// <summary>Memory cap.</summary>
        [CommandOption("--memory-mb <MB>"), OptionRange(512, 1_048_576), Description("Writable memory per process of a submission, MB (default 4096).")] public int MemoryMb { get; init; } = 4096;

        /// <summary>Output cap.</summary>
        [CommandOption("--output-chars <N>"), OptionRange(1000, 10_000_000), Description("Output kept per cell, characters (default 20000).")] public int OutputChars { get; init; } = 20_000;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var releaseDir = Path.GetFullPath(s.Release);
        ReleaseManifest manifest;
        try { manifest = ReleaseManifest.Load(Path.Combine(releaseDir, ReleaseManifest.FileName)); }
        catch (Exception e) when (e is FileNotFoundException or FormatException) { throw new CliInputException(e.Message); }
        var outDir = Path.GetFullPath(s.Out);
        var results = Path.Combine(outDir, "results");
        if (s.Collect) return Collect(outDir, manifest, releaseDir, 0, 0, null);

        if (s.Submissions == null) throw new CliInputException("Name the submissions folder: tg grade SUBMISSIONS (one folder or .ipynb per student), or use --collect.");
        var submissions = Path.GetFullPath(s.Submissions);
        if (!Directory.Exists(submissions)) throw new CliInputException($"No submissions folder at {submissions}: it holds one folder or .ipynb per student.");
        var students = FindStudents(submissions);
        if (s.Students.Length > 0)
        {
            if (s.Students.FirstOrDefault(n => !students.ContainsKey(n)) is { } unknown)
                throw new CliInputException($"--student {unknown}: no folder or .ipynb of that name in {submissions}.");
            students = students.Where(kv => s.Students.Contains(kv.Key)).ToDictionary();
        }
        if (students.Count == 0) throw new CliInputException($"No submissions in {submissions}: put one folder or .ipynb per student there.");

        if (s.EmitJobs != null) return EmitJobs(s, students.Keys, submissions, releaseDir, outDir);
        if (NotebookRunner.MissingPrerequisite() is { } missing) { AnsiConsole.MarkupLineInterpolated($"[red]{missing}[/]"); return ExitCodes.RunFailed; }

        var course = Path.GetFullPath(s.Course ?? manifest.Course);
        var tests = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var nb in manifest.Notebooks)
        {
            try { tests[nb.File] = StudentRelease.GradedTestCells(WeekSource.Load(Path.Combine(course, nb.Source)), nb); }
            catch (Exception e) when (e is FileNotFoundException or FormatException or InvalidDataException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.InvalidInput;
            }
        }
        var limits = new GradingLimits(s.WallTime, s.CellTimeout, s.MemoryMb, s.OutputChars);
        var sandbox = Sandbox.Detect();
        if (sandbox.NetworkOnly || sandbox.Namespaces)
        {
            // Sandboxed kernels have no network: a package they have never restored here would hang every cell.
            try { NotebookPackages.EnsureRestored(course, Console.WriteLine); }
            catch (InvalidOperationException e) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return ExitCodes.RunFailed; }
        }
        var scratch = Directory.CreateTempSubdirectory("tg-grade-").FullName;
        var runner = new SubmissionRunner
        {
            Manifest = manifest, Course = course, Tests = tests, Limits = limits, Sandbox = sandbox, ScratchRoot = scratch,
            Hidden = [course, submissions, outDir, releaseDir], Quick = !s.Full,
        };
        Console.WriteLine($"Grading {students.Count} submission(s), {s.Jobs} at a time, {(s.Full ? "full" : "quick")} mode. Each run gets:");
        foreach (var a in sandbox.Applied(limits)) Console.WriteLine($"  - {a}");
        Directory.CreateDirectory(results);
        var clock = Stopwatch.StartNew();
        try
        {
            Parallel.ForEach(students, new ParallelOptions { MaxDegreeOfParallelism = s.Jobs, CancellationToken = cancellationToken }, student =>
            {
                var result = runner.Grade(submissions, student.Key, student.Value);
                result.Save(results);
                int tampered = result.Notebooks.Sum(n => n.Tampering.Count);
                Console.WriteLine($"{result.Student}: {result.Total} / {result.MaxTotal} in {result.Notebooks.Sum(n => n.Seconds):F0} s" +
                    (tampered > 0 ? $", {tampered} tampering finding(s)" : "") + (result.Notebooks.Any(n => n.Problems.Count > 0) ? ", run cut short (see feedback)" : ""));
            });
        }
        finally
        {
            try { Directory.Delete(scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"Graded {students.Count} submission(s) in {seconds:F1} s wall time with --jobs {s.Jobs}.");
        return s.NoCollect ? ExitCodes.Ok : Collect(outDir, manifest, releaseDir, s.Jobs, seconds, sandbox.Applied(limits));
    }

    /// <summary>Merges results/*.json into gradebook.csv, gradebook.db (a new run) and feedback/STUDENT/feedback.html.</summary>
    static int Collect(string outDir, ReleaseManifest manifest, string releaseDir, int jobs, double seconds, IReadOnlyList<string>? sandbox)
    {
        var resultsDir = Path.Combine(outDir, "results");
        var files = Directory.Exists(resultsDir) ? Directory.GetFiles(resultsDir, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0) throw new CliInputException($"No results in {resultsDir}: grade first (tg grade SUBMISSIONS --out {outDir}).");
        List<StudentResult> all;
        try { all = files.Select(StudentResult.Load).ToList(); }
        catch (FormatException e) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return ExitCodes.InvalidInput; }
        var exercises = manifest.Exercises.Select(e => e.Id).ToList();
        Gradebook.WriteCsv(Path.Combine(outDir, Gradebook.CsvName), exercises, all);
        long run = Gradebook.Record(Path.Combine(outDir, Gradebook.DatabaseName), releaseDir, jobs, seconds,
            sandbox ?? all.SelectMany(r => r.Sandbox).Distinct().ToList(), all);
        foreach (var r in all)
        {
            var page = Path.Combine(outDir, "feedback", r.Student, "feedback.html");
            Directory.CreateDirectory(Path.GetDirectoryName(page)!);
            AtomicFile.WriteText(page, FeedbackPage.Build(r, manifest));
        }
        Console.WriteLine($"Gradebook: {Path.Combine(outDir, Gradebook.CsvName)} ({all.Count} student(s)), {Path.Combine(outDir, Gradebook.DatabaseName)} (run {run}), feedback in {Path.Combine(outDir, "feedback")}.");
        return ExitCodes.Ok;
    }

    /// <summary>Students and their notebooks (relative paths): a folder per student, or a .ipynb per student.</summary>
    static Dictionary<string, IReadOnlyList<string>> FindStudents(string submissions)
    {
        var students = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(submissions).Where(d => !Path.GetFileName(d).StartsWith('.')))
            students[Path.GetFileName(dir)] = NotebookRunner.Find([dir]).Select(f => Path.GetRelativePath(submissions, f)).ToList();
        foreach (var file in Directory.GetFiles(submissions, "*.ipynb"))
            students[Path.GetFileNameWithoutExtension(file)] = [Path.GetFileName(file)];
        return students;
    }

    static int EmitJobs(Settings s, IEnumerable<string> students, string submissions, string release, string outDir)
    {
        static string Q(string w) => "'" + w.Replace("'", "'\\''") + "'";
        var tg = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
            ? $"{Q(p)} {Q(typeof(GradeCommand).Assembly.Location)}" : Q(Environment.ProcessPath ?? "tg");
        var caps = $"--wall-time {s.WallTime} --cell-timeout {s.CellTimeout} --memory-mb {s.MemoryMb} --output-chars {s.OutputChars}" + (s.Full ? " --full" : "") +
            (s.Course != null ? $" --course {Q(Path.GetFullPath(s.Course))}" : "");
        var lines = students.Order(StringComparer.Ordinal)
            .Select(n => $"{tg} grade {Q(submissions)} --release {Q(release)} --out {Q(outDir)} --student {Q(n)} --no-collect {caps}").ToList();
        AtomicFile.WriteText(s.EmitJobs!, string.Join("\n", lines) + "\n");
        Console.WriteLine($"Wrote {lines.Count} job(s) to {s.EmitJobs}, one per student. Run them, e.g. 'parallel -j 8 < {s.EmitJobs}' or one line per " +
            $"Slurm array task (sed -n \"${{SLURM_ARRAY_TASK_ID}}p\" {s.EmitJobs} | sh), then: tg grade --collect --release {release} --out {outDir}");
        return ExitCodes.Ok;
    }
}
