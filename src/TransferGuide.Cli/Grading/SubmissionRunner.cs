using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Cli.Grading;

/// <summary>
/// Grades one student: each submitted notebook is checked against the manifest, gets the instructor's test cells
/// back (hidden tests included), and runs through the real kernel the way <c>tg notebooks run</c> runs a week
/// (Jupyter's nbclient, the <c>.net-csharp</c> kernel, the notebook's folder as working directory), in its own
/// sandboxed process, on a scratch copy of the course layout. The notebook goes to the process on its standard
/// input, so the hidden tests are never in a file the submission could open.
/// </summary>
public sealed class SubmissionRunner
{
    /// <summary>The release manifest.</summary>
    public required ReleaseManifest Manifest { get; init; }

    /// <summary>The course folder the week sources (and the library's src/) are in.</summary>
    public required string Course { get; init; }

    /// <summary>The instructor's test cells of each released notebook (by manifest file), by cell id.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tests { get; init; }

    /// <summary>The caps.</summary>
    public required GradingLimits Limits { get; init; }

    /// <summary>The isolation available.</summary>
    public required Sandbox Sandbox { get; init; }

    /// <summary>A fresh folder for the scratch copies (deleted by the caller).</summary>
    public required string ScratchRoot { get; init; }

    /// <summary>Folders the submission must not see besides the scratch root (course, submissions, results).</summary>
    public required IReadOnlyList<string> Hidden { get; init; }

    /// <summary>Quick mode for the kernels (TRANSFERGUIDE_QUICK=1).</summary>
    public bool Quick { get; init; } = true;

    /// <summary>The driver that runs a notebook cell by cell (embedded GradeDriver.py).</summary>
    static readonly Lazy<string> Driver = new(() =>
    {
        using var stream = typeof(SubmissionRunner).Assembly.GetManifestResourceStream("TransferGuide.Cli.Grading.GradeDriver.py")
            ?? throw new InvalidOperationException("GradeDriver.py is not embedded in tg.");
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>Grades <paramref name="student"/>'s notebooks (paths relative to <paramref name="submissions"/>).</summary>
    public StudentResult Grade(string submissions, string student, IReadOnlyList<string> notebooks)
    {
        var results = new List<NotebookResult>();
        foreach (var file in notebooks)
            results.Add(GradeNotebook(submissions, student, file));
        var byId = results.SelectMany(r => r.Grades).GroupBy(g => g.Id).ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.Points).First());
        var grades = Manifest.Exercises.Select(e => byId.TryGetValue(e.Id, out var g) ? g
            : new ExerciseGrade(e.Id, 0, e.Points, false, "not submitted: no notebook of this week was found", [])).ToList();
        return new StudentResult(student, DateTime.UtcNow, Sandbox.Applied(Limits), results, grades);
    }

    NotebookResult GradeNotebook(string submissions, string student, string file)
    {
        var path = Path.Combine(submissions, file);
        List<SubmittedCell> cells;
        try { cells = ReadCells(path); }
        catch (Exception e) when (e is JsonException or FormatException or IOException or InvalidOperationException)
        {
            return new NotebookResult(file, null, [], [$"{file} is not a readable notebook ({e.Message}); nothing in it was graded"], 0, []);
        }
        var entry = Match(Path.GetFileName(file), cells);
        if (entry == null)
            return new NotebookResult(file, null, [], [$"{file} matches no released notebook (by file name or cell ids); it was not graded"], 0, []);
        var prepared = SubmissionCheck.Prepare(entry, Tests[entry.File], cells);

        // One fresh folder per run: two notebooks of one week from one student do not share it.
        var scratch = Path.Combine(ScratchRoot, "s", $"{Safe(student)}-{entry.Week}-{Guid.NewGuid():N}");
        var jail = Path.Combine(ScratchRoot, "jail");
        var weekDir = Path.GetDirectoryName(entry.File) is { Length: > 0 } d ? d : ".";
        Directory.CreateDirectory(Path.Combine(scratch, weekDir));
        Directory.CreateDirectory(Path.Combine(scratch, "notebooks"));
        Directory.CreateDirectory(jail);
        File.WriteAllText(Path.Combine(scratch, "TransferGuide.sln"), "");
        File.Copy(Path.Combine(Course, "notebooks", "setup.dib"), Path.Combine(scratch, "notebooks", "setup.dib"), true);
        var library = Path.GetFullPath(Path.Combine(Course, "src"));
        if (Sandbox.Namespaces) Directory.CreateDirectory(Path.Combine(scratch, "src"));
        else Directory.CreateSymbolicLink(Path.Combine(scratch, "src"), library);

        var (program, args) = Sandbox.Wrap(scratch, jail, library, weekDir, [.. Hidden, Path.Combine(ScratchRoot, "s")], Limits,
            [NotebookRunner.JupyterPython(), "-c", Driver.Value, NotebookRunner.Kernel, Inv(Limits.CellTimeoutSeconds), Inv(Limits.OutputChars), "2"]);
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Environment.GetEnvironmentVariable("PATH")}{Path.PathSeparator}{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools")}",
            ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
            [Exercise.StrictVariable] = "0", // a failed check prints FAIL and the hidden tests after it still run
            [QuickMode.Variable] = Quick ? "1" : "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // The GC's own limit, under the process cap: a huge managed allocation fails at once, in the student's
            // cell, as OutOfMemoryException, rather than wherever the kernel next needs memory.
            ["DOTNET_GCHeapHardLimit"] = ((long)Limits.MemoryMb * 1024 * 1024 * 3 / 4).ToString("X", System.Globalization.CultureInfo.InvariantCulture),
            [DatasetResolver.DataVariable] = Environment.GetEnvironmentVariable(DatasetResolver.DataVariable) ?? Datasets(),
        };
        var clock = Stopwatch.StartNew();
        ChildResult run;
        var problems = new List<string>();
        try
        {
            run = ChildProcess.Run(program, args, new ChildOptions
            {
                WorkingDirectory = ScratchRoot, Environment = env, Timeout = TimeSpan.FromSeconds(Limits.WallSeconds),
                StandardInput = NotebookJson(prepared.Cells),
            });
        }
        catch (System.ComponentModel.Win32Exception e) { run = new ChildResult(-1, "", e.Message, e.Message, false); }
        double seconds = clock.Elapsed.TotalSeconds;
        var runs = ParseRuns(run.Output, prepared.Cells, out bool ended, out bool gaveUp);
        if (run.TimedOut) problems.Add($"stopped at the wall-time cap of {Limits.WallSeconds} s: cells after the last one reported did not run");
        else if (!ended) problems.Add($"the grading run ended early (exit {run.ExitCode}): {Tail(run.Errors)}");
        if (gaveUp) problems.Add("the kernel was restarted too often (runaway cells); the cells after the last restart did not run");
        try { Directory.Delete(scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return new NotebookResult(file, entry.Week, prepared.Tampering, problems, Math.Round(seconds, 1),
            ExerciseScoring.Score(entry, runs, Limits.CellTimeoutSeconds));
    }

    static string Inv(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Tail(string text) => string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3));

    /// <summary>A student name as a folder name.</summary>
    static string Safe(string name) => string.Concat(name.Take(100).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    string? Datasets()
    {
        var shared = Path.GetFullPath(Path.Combine(Course, "..", "shared", "datasets"));
        return Directory.Exists(shared) ? shared : null;
    }

    /// <summary>The released notebook a file is: by its file name, else by the week in its cell ids.</summary>
    ManifestNotebook? Match(string fileName, IReadOnlyList<SubmittedCell> cells)
    {
        var byName = Manifest.Notebooks.FirstOrDefault(n => Path.GetFileName(n.File) == fileName);
        if (byName != null) return byName;
        var week = cells.Select(c => c.Id).Where(id => id is { Length: > 7 } && id[6] == '-').GroupBy(id => id![..6])
            .OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
        return Manifest.Notebooks.FirstOrDefault(n => n.Week == week);
    }

    /// <summary>The cells of a submitted .ipynb.</summary>
    public static List<SubmittedCell> ReadCells(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new FormatException("empty file");
        var cells = root["cells"]?.AsArray() ?? throw new FormatException("no \"cells\" array");
        return cells.Select(c => new SubmittedCell(
            c?["id"]?.GetValue<string>(),
            c?["cell_type"]?.GetValue<string>() == "markdown" ? CellKind.Markdown : CellKind.Code,
            c?["source"] is JsonArray lines ? string.Concat(lines.Select(l => l?.GetValue<string>())) : c?["source"]?.GetValue<string>() ?? "")).ToList();
    }

    static string NotebookJson(IReadOnlyList<SubmittedCell> cells)
    {
        var array = new JsonArray();
        int n = 0;
        foreach (var c in cells)
            array.Add(c.Kind == CellKind.Code
                ? new JsonObject { ["cell_type"] = "code", ["id"] = c.Id ?? $"added-{n++}", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = c.Source }
                : new JsonObject { ["cell_type"] = "markdown", ["id"] = c.Id ?? $"added-{n++}", ["metadata"] = new JsonObject(), ["source"] = c.Source });
        return new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = NotebookRunner.Kernel, ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        }.ToJsonString();
    }

    /// <summary>The driver's JSON lines as cell runs; code cells it never reported are <see cref="CellStatus.NotRun"/>.</summary>
    static Dictionary<string, CellRun> ParseRuns(string output, IReadOnlyList<SubmittedCell> cells, out bool ended, out bool gaveUp)
    {
        var runs = new Dictionary<string, CellRun>(StringComparer.Ordinal);
        ended = gaveUp = false;
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('{')) continue;
            JsonNode? record;
            try { record = JsonNode.Parse(line); } catch (JsonException) { continue; }
            var status = record?["status"]?.GetValue<string>();
            if (status == "end") { ended = true; continue; }
            if (status == "gave-up") { gaveUp = true; continue; }
            if (record?["id"]?.GetValue<string>() is not { } id || runs.ContainsKey(id)) continue;
            var text = string.Join("\n", record["outputs"]?.AsArray().Select(o => o?["text"]?.GetValue<string>() ?? "") ?? []);
            runs[id] = new CellRun(id, status switch
            {
                "ok" => CellStatus.Ok, "timeout" => CellStatus.Timeout, "kernel-died" => CellStatus.KernelDied, _ => CellStatus.Error,
            }, text);
        }
        foreach (var c in cells.Where(c => c.Kind == CellKind.Code && c.Id != null && !runs.ContainsKey(c.Id)))
            runs[c.Id!] = new CellRun(c.Id!, CellStatus.NotRun, "");
        return runs;
    }
}
