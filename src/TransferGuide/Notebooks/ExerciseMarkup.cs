using System.Text.RegularExpressions;

namespace TransferGuide.Notebooks;

/// <summary>One exercise found in a notebook.</summary>
/// <param name="Id">Its id, e.g. "w04.head".</param>
/// <param name="Cell">Index of the cell that holds the <c>// EXERCISE</c> marker.</param>
/// <param name="Instructions">The text after the id on the marker line.</param>
/// <param name="CheckCell">Index of the cell calling <c>Exercise.Check*("id", …)</c>, or -1.</param>
/// <param name="Points">What the exercise is worth when graded: <c>(3 points)</c> after the id, 1 when not given.</param>
/// <param name="HiddenTests">Whether its check cell holds hidden tests (<c>// BEGIN HIDDEN TESTS</c>).</param>
public sealed record ExerciseInfo(string Id, int Cell, string Instructions, int CheckCell, int Points = 1, bool HiddenTests = false);

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
/// <c>throw Exercise.Todo("w04.head");</c>. A graded code exercise gives its points after the id
/// (<c>// EXERCISE w09.schedule (3 points): …</c>) and its check cell may hold tests the student never sees,
/// between <c>// BEGIN HIDDEN TESTS</c> and <c>// END HIDDEN TESTS</c>: the student release drops them and
/// <c>tg grade</c> puts them back.
/// </summary>
public static class ExerciseMarkup
{
    static readonly Regex Marker = new(@"^\s*//\s*EXERCISE\s+([^\s:]+)(?:\s+\((\d+)\s+points?\))?:?\s+(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    static readonly Regex CheckCall = new(@"Exercise\.Check\w*\(\s*""([^""]+)""", RegexOptions.CultureInvariant);
    const string Begin = "// BEGIN SOLUTION";
    const string End = "// END SOLUTION";

    /// <summary>Starts tests that only grading runs (the student release drops them).</summary>
    public const string BeginHidden = "// BEGIN HIDDEN TESTS";

    /// <summary>Ends a hidden-tests region.</summary>
    public const string EndHidden = "// END HIDDEN TESTS";

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
                int points = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                bool hidden = check >= 0 && cells[check].Contains(BeginHidden, StringComparison.Ordinal);
                found.Add(new ExerciseInfo(id, c, m.Groups[3].Value.Trim(), check, points, hidden));
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
            try { StripHiddenTests(cells[c]); }
            catch (FormatException e) { problems.Add($"cell {c}: {e.Message}"); }
            if (cells[c].Contains(BeginHidden, StringComparison.Ordinal) && !exercises.Any(e => e.CheckCell == c))
                problems.Add($"cell {c}: hidden tests outside an exercise's check cell (put them in the cell that calls Exercise.Check for it)");
        }
        return problems;
    }

    /// <summary>The student copy of one cell: each solution region becomes <c>throw Exercise.Todo("id");</c>.</summary>
    public static string StripSolutions(string cell)
    {
        var marker = Marker.Match(cell);
        return marker.Success ? Strip(cell, marker.Groups[1].Value) : Strip(cell, "w00.unknown");
    }

    /// <summary>The student copy of a check cell: each hidden-tests region (markers included) removed.</summary>
    public static string StripHiddenTests(string cell)
    {
        if (!cell.Contains(BeginHidden, StringComparison.Ordinal) && !cell.Contains(EndHidden, StringComparison.Ordinal)) return cell;
        var kept = new List<string>();
        bool inside = false;
        foreach (var line in cell.Replace("\r\n", "\n").Split('\n'))
        {
            var t = line.Trim();
            if (t == BeginHidden)
            {
                if (inside) throw new FormatException($"{BeginHidden} inside another hidden-tests region");
                inside = true;
            }
            else if (t == EndHidden)
            {
                if (!inside) throw new FormatException($"{EndHidden} without {BeginHidden}");
                inside = false;
            }
            else if (!inside) kept.Add(line);
        }
        if (inside) throw new FormatException($"{BeginHidden} without {EndHidden}");
        // A region at the end of the cell leaves no trailing blank lines behind.
        while (kept.Count > 1 && kept[^1].Trim().Length == 0) kept.RemoveAt(kept.Count - 1);
        return string.Join("\n", kept);
    }

    /// <summary>The student copy of any cell: solution regions become placeholders, hidden tests go.</summary>
    public static string StudentCopy(string cell) => StripHiddenTests(StripSolutions(cell));

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
