namespace TransferGuide.Notebooks;

/// <summary>One week's student release: its notebook text and its manifest entry.</summary>
/// <param name="Notebook">The notebook's JSON (solutions replaced by placeholders, hidden tests removed, no outputs).</param>
/// <param name="Entry">What the manifest records about it.</param>
public sealed record ReleasedWeek(string Notebook, ManifestNotebook Entry);

/// <summary>
/// The student copy of a week and its graded form, both from the week's one source. The student copy keeps every
/// cell and its id (so a submission lines up with the manifest), replaces each solution region with
/// <c>throw Exercise.Todo("id");</c> and drops hidden tests; the graded form is the instructor's cells, hidden tests
/// included, which <c>tg grade</c> puts back in place of a submission's check cells.
/// </summary>
public static class StudentRelease
{
    /// <summary>The student copy of a week's source (cells in the same order, so the same ids).</summary>
    public static WeekSource StudentSource(WeekSource source) =>
        source with { Cells = source.Cells.Select(c => c.Kind == CellKind.Code ? c with { Text = ExerciseMarkup.StudentCopy(c.Text) } : c).ToList() };

    /// <summary>Builds a week's release; <paramref name="relativeSource"/> and <paramref name="relativeNotebook"/> are what the manifest records.</summary>
    /// <exception cref="FormatException">The week's exercise markup is malformed (the message names the file and cell).</exception>
    public static ReleasedWeek Build(WeekSource source, string relativeSource, string relativeNotebook)
    {
        var ids = WeekNotebook.CellIds(source);
        var code = source.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        var problems = ExerciseMarkup.Validate(code.Select(c => c.Text).ToList());
        if (problems.Count > 0)
            throw new FormatException($"{source.Path}: its exercise markup is malformed (code cells counted from 0):\n  " + string.Join("\n  ", problems));
        var exercises = ExerciseMarkup.Find(code.Select(c => c.Text).ToList());
        var codeIds = source.Cells.Select((c, i) => (c, i)).Where(x => x.c.Kind == CellKind.Code).Select(x => ids[x.i]).ToList();
        var student = StudentSource(source);
        var cells = new List<ManifestCell>();
        for (int i = 0; i < source.Cells.Count; i++)
        {
            var role = source.Cells[i].Kind == CellKind.Markdown ? CellRole.Markdown
                : exercises.Any(e => codeIds[e.Cell] == ids[i]) ? CellRole.Exercise
                : exercises.Any(e => codeIds[e.CheckCell] == ids[i]) ? CellRole.Test
                : CellRole.Code;
            cells.Add(new ManifestCell(ids[i], role, ReleaseManifest.Checksum(student.Cells[i].Text)));
        }
        var entry = new ManifestNotebook(source.Week, relativeNotebook.Replace('\\', '/'), relativeSource.Replace('\\', '/'), cells,
            exercises.Select(e => new ManifestExercise(e.Id, e.Points, codeIds[e.Cell], codeIds[e.CheckCell], e.HiddenTests, e.Instructions)).ToList());
        return new ReleasedWeek(WeekNotebook.Build(student), entry);
    }

    /// <summary>
    /// The instructor's text of each test cell (hidden tests included), by cell id, checked against the release:
    /// a source whose released test cells no longer match the manifest gives an error, since grading would then
    /// run tests the students never had.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GradedTestCells(WeekSource source, ManifestNotebook entry)
    {
        var ids = WeekNotebook.CellIds(source);
        var byId = ids.Select((id, i) => (id, cell: source.Cells[i])).ToDictionary(x => x.id, x => x.cell);
        var tests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in entry.Cells.Where(c => c.Role == CellRole.Test))
        {
            if (!byId.TryGetValue(cell.Id, out var original) || ReleaseManifest.Checksum(ExerciseMarkup.StudentCopy(original.Text)) != cell.Sha256)
                throw new InvalidDataException($"{source.Path}: test cell {cell.Id} is not what was released. Grade with the week source as it was at 'tg assign' (git checkout), or release again.");
            tests[cell.Id] = original.Text;
        }
        return tests;
    }
}
