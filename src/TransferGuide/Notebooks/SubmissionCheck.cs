using System.Text.RegularExpressions;

namespace TransferGuide.Notebooks;

/// <summary>One cell of a submitted notebook.</summary>
/// <param name="Id">Its cell id (null when the notebook has none).</param>
/// <param name="Kind">Code or markdown.</param>
/// <param name="Source">Its text.</param>
public sealed record SubmittedCell(string? Id, CellKind Kind, string Source);

/// <summary>A submission made ready to grade.</summary>
/// <param name="Cells">The cells to run: the student's, with every test cell the instructor's (hidden tests included).</param>
/// <param name="Tampering">What was changed that may not be, in words; the original test was put back for each.</param>
public sealed record PreparedSubmission(IReadOnlyList<SubmittedCell> Cells, IReadOnlyList<string> Tampering);

/// <summary>
/// Checks a submission against its release manifest and builds what the grader runs. An edited, deleted or
/// renamed test cell, or a missing exercise cell, is tampering: it is named, and the instructor's test (with the
/// hidden tests) stands in its place. Cells the student added, and changes to exercise and demonstration cells,
/// are the student's work and stay.
/// </summary>
public static class SubmissionCheck
{
    static readonly Regex MarkerId = new(@"^\s*//\s*EXERCISE\s+([^\s:]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Prepares <paramref name="submitted"/> for grading against <paramref name="entry"/>.</summary>
    /// <param name="entry">The released notebook's manifest entry.</param>
    /// <param name="gradedTests">The instructor's test cells by id (<see cref="StudentRelease.GradedTestCells"/>).</param>
    /// <param name="submitted">The submission's cells, in order.</param>
    public static PreparedSubmission Prepare(ManifestNotebook entry, IReadOnlyDictionary<string, string> gradedTests, IReadOnlyList<SubmittedCell> submitted)
    {
        var cells = submitted.ToList();
        var tampering = new List<string>();
        foreach (var dup in cells.Where(c => c.Id != null).GroupBy(c => c.Id).Where(g => g.Count() > 1 && entry.Cells.Any(m => m.Id == g.Key)))
            tampering.Add($"cell id {dup.Key} appears {dup.Count()} times; the first one was graded");
        var exerciseOf = entry.Exercises.ToDictionary(e => e.TestCell, e => e.Id);
        var exerciseIn = entry.Exercises.ToDictionary(e => e.Cell, e => e.Id);
        var claimed = new HashSet<int>();
        for (int m = 0; m < entry.Cells.Count; m++)
        {
            var want = entry.Cells[m];
            if (want.Role == CellRole.Markdown) continue;
            int at = cells.FindIndex(c => c.Id == want.Id);
            string what = want.Role switch
            {
                CellRole.Test => $"test cell {want.Id} (exercise {exerciseOf[want.Id]})",
                CellRole.Exercise => $"exercise cell {want.Id} ({exerciseIn[want.Id]})",
                _ => $"cell {want.Id}",
            };
            if (at < 0)
            {
                // Renamed rather than deleted: the same text (a test) or the same marker (an exercise) under another id.
                at = cells.FindIndex(c => c.Kind == CellKind.Code && !entry.Cells.Any(x => x.Id == c.Id) && (want.Role == CellRole.Exercise
                    ? MarkerId.Match(c.Source) is { Success: true } mk && mk.Groups[1].Value == exerciseIn[want.Id]
                    : ReleaseManifest.Checksum(c.Source) == want.Sha256));
                if (at >= 0)
                {
                    tampering.Add($"{what}: its id was changed to {cells[at].Id ?? "(none)"}");
                    cells[at] = cells[at] with { Id = want.Id };
                }
            }
            if (at >= 0 && cells[at].Kind != CellKind.Code)
            {
                tampering.Add($"{what} was turned into a markdown cell");
                cells[at] = cells[at] with { Kind = CellKind.Code };
            }
            if (want.Role == CellRole.Test)
            {
                var original = new SubmittedCell(want.Id, CellKind.Code, gradedTests[want.Id]);
                if (at < 0)
                {
                    tampering.Add($"{what} was deleted; the original test was put back");
                    cells.Insert(InsertAt(entry, m, cells), original);
                }
                else
                {
                    if (ReleaseManifest.Checksum(cells[at].Source) != want.Sha256) tampering.Add($"{what} was edited; the original test was put back");
                    cells[at] = original;
                }
            }
            else if (at < 0 && want.Role == CellRole.Exercise) tampering.Add($"{what} is missing (deleted, or its marker and id changed): the exercise scores 0");
            else if (at < 0) tampering.Add($"{what} is missing (deleted, or its id changed)");
        }
        return new PreparedSubmission(cells, tampering);
    }

    /// <summary>Where a deleted manifest cell goes back: after the nearest earlier manifest cell still present.</summary>
    static int InsertAt(ManifestNotebook entry, int manifestIndex, List<SubmittedCell> cells)
    {
        for (int k = manifestIndex - 1; k >= 0; k--)
        {
            int at = cells.FindIndex(c => c.Id == entry.Cells[k].Id);
            if (at >= 0) return at + 1;
        }
        return 0;
    }
}
