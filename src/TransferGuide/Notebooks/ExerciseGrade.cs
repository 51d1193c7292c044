using System.Text.RegularExpressions;

namespace TransferGuide.Notebooks;

/// <summary>How one cell of a graded run ended.</summary>
public enum CellStatus
{
    /// <summary>Ran without error.</summary>
    Ok,

    /// <summary>Raised an error (compiler diagnostics or an exception).</summary>
    Error,

    /// <summary>Ran past the cell timeout and was stopped.</summary>
    Timeout,

    /// <summary>The kernel died in it (a memory cap, a crash).</summary>
    KernelDied,

    /// <summary>Never ran (the submission's wall-time cap ended the run first).</summary>
    NotRun,
}

/// <summary>One cell of a graded run.</summary>
/// <param name="Id">Its cell id.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Text">Its output as text (capped).</param>
public sealed record CellRun(string Id, CellStatus Status, string Text);

/// <summary>One exercise of one student, graded.</summary>
/// <param name="Id">The exercise id.</param>
/// <param name="Points">Points given.</param>
/// <param name="MaxPoints">What it is worth.</param>
/// <param name="Passed">Whether every check of it (hidden ones included) passed.</param>
/// <param name="Message">The check's message: "well done", the hint, or why it could not be graded.</param>
/// <param name="ErrorLines">The first lines of the errors in its cells, for the feedback.</param>
public sealed record ExerciseGrade(string Id, int Points, int MaxPoints, bool Passed, string Message, IReadOnlyList<string> ErrorLines);

/// <summary>
/// Scores a graded run. An exercise passes when its test cell ran without error, printed at least one
/// <c>PASS id</c> and no <c>FAIL id</c>: all its points, or none. Only the test cell's own output counts (what the
/// instructor's code printed), never a line the student's cells print.
/// </summary>
public static class ExerciseScoring
{
    /// <summary>Lines of an error kept for the feedback.</summary>
    public const int ErrorLinesKept = 6;

    /// <summary>Grades each exercise of <paramref name="entry"/> from the cells of its run.</summary>
    public static IReadOnlyList<ExerciseGrade> Score(ManifestNotebook entry, IReadOnlyDictionary<string, CellRun> runs, int cellTimeoutSeconds)
    {
        var grades = new List<ExerciseGrade>();
        foreach (var e in entry.Exercises)
        {
            runs.TryGetValue(e.Cell, out var work);
            runs.TryGetValue(e.TestCell, out var test);
            var errors = new List<string>();
            string? why = null;
            foreach (var (run, name) in new[] { (work, "exercise cell"), (test, "test cell") })
            {
                if (run == null) continue;
                switch (run.Status)
                {
                    case CellStatus.Timeout: why ??= $"timed out: the {name} {run.Id} ran past the {cellTimeoutSeconds} s cell limit and was stopped"; break;
                    case CellStatus.KernelDied: why ??= $"the kernel died in the {name} {run.Id} (over the memory cap, or a crash)"; break;
                    case CellStatus.NotRun: why ??= $"not graded: the {name} {run.Id} never ran (the submission's wall-time cap ended the run)"; break;
                    case CellStatus.Error: errors.AddRange(FirstErrorLines(run.Text).Select(l => $"{run.Id}: {l}")); break;
                }
            }
            if (test == null) why ??= "not graded: its test cell did not run";
            var lines = test?.Text.Split('\n') ?? [];
            var pass = lines.Where(l => l.StartsWith($"PASS {e.Id}:", StringComparison.Ordinal)).ToList();
            var fail = lines.Where(l => l.StartsWith($"FAIL {e.Id}:", StringComparison.Ordinal)).ToList();
            bool passed = why == null && test!.Status == CellStatus.Ok && pass.Count > 0 && fail.Count == 0;
            string message = passed ? pass[0][(e.Id.Length + 6)..].Trim()
                : why ?? (fail.Count > 0 ? fail[0][(e.Id.Length + 6)..].Trim()
                : errors.Count > 0 ? "the code raised an error (below)" : "its checks did not report");
            grades.Add(new ExerciseGrade(e.Id, passed ? e.Points : 0, e.Points, passed, message, errors.Take(ErrorLinesKept).ToList()));
        }
        return grades;
    }

    static readonly Regex Diagnostic = new(@"error CS\d+|Exception|Error:", RegexOptions.CultureInvariant);

    /// <summary>The compiler's error lines, or an exception's first lines without its stack.</summary>
    static IEnumerable<string> FirstErrorLines(string text) =>
        text.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal) && Diagnostic.IsMatch(l))
            .Distinct().Take(ErrorLinesKept);
}
