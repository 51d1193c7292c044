using System.Text.Json;

namespace TransferGuide.Cli.Grading;

/// <summary>One graded notebook of one student.</summary>
/// <param name="File">The submitted file, relative to the submissions folder.</param>
/// <param name="Week">The week it was matched to (null when it matched none).</param>
/// <param name="Tampering">What was changed that may not be; each original test was put back.</param>
/// <param name="Problems">What stopped or cut the run (wall-time cap, unreadable file), in words.</param>
/// <param name="Seconds">Wall time of its run.</param>
/// <param name="Grades">Its exercises.</param>
public sealed record NotebookResult(string File, string? Week, IReadOnlyList<string> Tampering, IReadOnlyList<string> Problems, double Seconds, IReadOnlyList<ExerciseGrade> Grades);

/// <summary>
/// One student's grading: what <c>tg grade</c> writes to <c>results/STUDENT.json</c>, and what <c>--collect</c> merges
/// into the gradebook. Every exercise of the release has a grade, 0 for a week not submitted.
/// </summary>
/// <param name="Student">The student (the folder or file name in the submissions folder).</param>
/// <param name="GradedAt">When (UTC).</param>
/// <param name="Sandbox">The caps and isolation the runs got, in words.</param>
/// <param name="Notebooks">Each submitted notebook.</param>
/// <param name="Grades">Every exercise of the release, in order.</param>
public sealed record StudentResult(string Student, DateTime GradedAt, IReadOnlyList<string> Sandbox, IReadOnlyList<NotebookResult> Notebooks, IReadOnlyList<ExerciseGrade> Grades)
{
    /// <summary>Points given.</summary>
    public int Total => Grades.Sum(g => g.Points);

    /// <summary>Points possible.</summary>
    public int MaxTotal => Grades.Sum(g => g.MaxPoints);

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The result file of a student in a results folder.</summary>
    public static string PathFor(string resultsFolder, string student) => Path.Combine(resultsFolder, student + ".json");

    /// <summary>Writes it atomically (a batch job killed mid-write leaves no half file).</summary>
    public void Save(string resultsFolder) => AtomicFile.WriteText(PathFor(resultsFolder, Student), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads one; a broken file names itself and the fix.</summary>
    public static StudentResult Load(string path)
    {
        try { return JsonSerializer.Deserialize<StudentResult>(File.ReadAllText(path), Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new FormatException($"{path}: not a grading result ({e.Message}). Grade that student again with --student.", e); }
    }
}
