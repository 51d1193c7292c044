using System.Text.RegularExpressions;

namespace TransferGuide.Notebooks;

/// <summary>One exercise found in a notebook.</summary>
/// <param name="Id">Its id, e.g. "w04.head".</param>
/// <param name="Cell">Index of the cell that holds the <c>// EXERCISE</c> marker.</param>
/// <param name="Instructions">The text after the id on the marker line.</param>
/// <param name="CheckCell">Index of the cell calling <c>Exercise.Check*("id", …)</c>, or -1.</param>
public sealed record ExerciseInfo(string Id, int Cell, string Instructions, int CheckCell);

/// <summary>
/// The markup of exercises in notebook cells, for the instructor tools (strip solutions, grade):
/// <code>
/// // EXERCISE w04.head: Train the head for more epochs until held-out accuracy passes 0.85.
/// int headEpochs = 0;           // declarations stay outside the solution region
/// // BEGIN SOLUTION
/// headEpochs = 40;
/// // END SOLUTION
/// </code>
/// and, in a later cell, <c>Exercise.Check("w04.head", …)</c>. Stripping replaces each solution region with
/// <c>throw Exercise.Todo("w04.head");</c>.
/// </summary>
public static class ExerciseMarkup
{
    static readonly Regex Marker = new(@"^\s*//\s*EXERCISE\s+(\S+?):?\s+(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    static readonly Regex CheckCall = new(@"Exercise\.Check\w*\(\s*""([^""]+)""", RegexOptions.CultureInvariant);
    const string Begin = "// BEGIN SOLUTION";
    const string End = "// END SOLUTION";

    /// <summary>Finds the exercises in a notebook's code cells, in order.</summary>
    public static IReadOnlyList<ExerciseInfo> Find(IReadOnlyList<string> cells)
    {
        var found = new List<ExerciseInfo>();
        for (int c = 0; c < cells.Count; c++)
            foreach (Match m in Marker.Matches(cells[c]))
            {
                string id = m.Groups[1].Value;
                int check = Enumerable.Range(c, cells.Count - c)
                    .FirstOrDefault(k => CheckCall.Matches(cells[k]).Any(x => x.Groups[1].Value == id), -1);
                found.Add(new ExerciseInfo(id, c, m.Groups[2].Value.Trim(), check));
            }
        return found;
    }

    /// <summary>Problems with a notebook's markup (empty when it is well-formed).</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> cells)
    {
        var problems = new List<string>();
        var exercises = Find(cells);
        foreach (var e in exercises)
        {
            if (!Exercise.IdPattern.IsMatch(e.Id)) problems.Add($"cell {e.Cell}: exercise id '{e.Id}' does not look like 'w04.head'");
            if (e.CheckCell < 0) problems.Add($"cell {e.Cell}: exercise {e.Id} has no Exercise.Check(\"{e.Id}\", …) cell after it");
            if (!cells[e.Cell].Contains(Begin, StringComparison.Ordinal)) problems.Add($"cell {e.Cell}: exercise {e.Id} has no {Begin} region");
        }
        foreach (var dup in exercises.GroupBy(e => e.Id).Where(g => g.Count() > 1))
            problems.Add($"exercise id {dup.Key} is used {dup.Count()} times");
        for (int c = 0; c < cells.Count; c++)
        {
            try { Strip(cells[c], "w00.check"); }
            catch (FormatException e) { problems.Add($"cell {c}: {e.Message}"); }
            if (cells[c].Contains(Begin, StringComparison.Ordinal) && !exercises.Any(e => e.Cell == c))
                problems.Add($"cell {c}: a solution region outside an exercise cell (add // EXERCISE wNN.name: …)");
        }
        return problems;
    }

    /// <summary>The student copy of one cell: each solution region becomes <c>throw Exercise.Todo("id");</c>.</summary>
    public static string StripSolutions(string cell)
    {
        var marker = Marker.Match(cell);
        return marker.Success ? Strip(cell, marker.Groups[1].Value) : Strip(cell, "w00.unknown");
    }

    static string Strip(string cell, string id)
    {
        var lines = cell.Replace("\r\n", "\n").Split('\n');
        var kept = new List<string>();
        bool inside = false;
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t == Begin)
            {
                if (inside) throw new FormatException($"{Begin} inside another solution region");
                inside = true;
                kept.Add(line[..(line.Length - line.TrimStart().Length)] + $"throw Exercise.Todo(\"{id}\");");
            }
            else if (t == End)
            {
                if (!inside) throw new FormatException($"{End} without {Begin}");
                inside = false;
            }
            else if (!inside) kept.Add(line);
        }
        if (inside) throw new FormatException($"{Begin} without {End}");
        return string.Join("\n", kept);
    }
}
