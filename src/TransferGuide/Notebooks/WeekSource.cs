namespace TransferGuide.Notebooks;

/// <summary>Code or narrative.</summary>
public enum CellKind
{
    /// <summary>C# that runs.</summary>
    Code,

    /// <summary>Markdown narrative.</summary>
    Markdown,
}

/// <summary>One cell of a week's source.</summary>
/// <param name="Kind">Code or markdown.</param>
/// <param name="Text">The cell's text: C#, or markdown without its comment prefixes.</param>
/// <param name="Line">The 1-based line of the cell's marker in the source file.</param>
public sealed record SourceCell(CellKind Kind, string Text, int Line);

/// <summary>
/// A week's one source: a C# file in a cell-marked format like jupytext's "percent" format. Lines before the
/// first marker are the program's header (<c>#:project</c>, comments); then <c>// %%</c> starts a code cell and
/// <c>// %% [markdown]</c> a narrative cell, whose lines are markdown behind <c>// </c>. The same file runs as a
/// .NET file-based program and is what <see cref="WeekNotebook"/> turns into the week's notebook.
/// </summary>
/// <param name="Path">The source file.</param>
/// <param name="Header">The lines before the first cell.</param>
/// <param name="Cells">The cells, in order.</param>
public sealed record WeekSource(string Path, IReadOnlyList<string> Header, IReadOnlyList<SourceCell> Cells)
{
    /// <summary>The marker that starts a cell.</summary>
    public const string Marker = "// %%";

    /// <summary>The week's id from its file name: "week04" for week04-feature-extraction.cs.</summary>
    public string Week => System.IO.Path.GetFileName(Path) is var name && name.Length >= 6 && name.StartsWith("week", StringComparison.Ordinal)
        ? name[..6] : throw new FormatException($"{Path}: a week's file name starts with weekNN (e.g. week04-feature-extraction.cs).");

    /// <summary>Reads and parses a week's source file.</summary>
    public static WeekSource Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new FileNotFoundException($"No week source at {path}.", path);

    /// <summary>Parses a week's source; errors name the file and line.</summary>
    public static WeekSource Parse(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var header = new List<string>();
        var cells = new List<SourceCell>();
        (CellKind Kind, int Line, List<string> Body)? open = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var kind = MarkerKind(line, path, i + 1);
            if (kind != null)
            {
                if (open is { } done) cells.Add(Close(done, path));
                open = (kind.Value, i + 1, []);
            }
            else if (open is { } cell)
                cell.Body.Add(cell.Kind == CellKind.Markdown ? Uncomment(line, path, i + 1) : line);
            else header.Add(line);
        }
        if (open is { } last) cells.Add(Close(last, path));
        if (cells.Count == 0) throw new FormatException($"{path}: no cells. Start each cell with a line '{Marker}' (code) or '{Marker} [markdown]' (narrative).");
        return new WeekSource(path, header, cells);
    }

    static CellKind? MarkerKind(string line, string path, int number)
    {
        var trimmed = line.TrimEnd();
        if (!trimmed.StartsWith(Marker, StringComparison.Ordinal)) return null;
        var rest = trimmed[Marker.Length..].Trim();
        return rest switch
        {
            "" => CellKind.Code,
            "[markdown]" => CellKind.Markdown,
            _ when trimmed.Length > Marker.Length && trimmed[Marker.Length] == '%' => null, // "// %%%" is a plain comment
            _ => throw new FormatException($"{path}:{number}: unknown cell marker '{trimmed}'. Use '{Marker}' or '{Marker} [markdown]'."),
        };
    }

    static string Uncomment(string line, string path, int number)
    {
        var t = line.TrimEnd();
        if (t.Length == 0 || t == "//") return "";
        if (t.StartsWith("// ", StringComparison.Ordinal)) return t[3..];
        throw new FormatException($"{path}:{number}: a markdown cell's lines start with '// ' (found '{t}'). Put code in a '{Marker}' cell.");
    }

    static SourceCell Close((CellKind Kind, int Line, List<string> Body) cell, string path)
    {
        var body = cell.Body;
        int start = body.FindIndex(l => l.Trim().Length > 0);
        if (start < 0) throw new FormatException($"{path}:{cell.Line}: the cell is empty.");
        int end = body.FindLastIndex(l => l.Trim().Length > 0);
        var text = string.Join("\n", body.Skip(start).Take(end - start + 1).Select(l => l.TrimEnd()));
        return new SourceCell(cell.Kind, text, cell.Line);
    }

    /// <summary>The source file's text for these cells (the inverse of <see cref="Parse"/>, up to blank lines).</summary>
    public string Format()
    {
        var w = new System.Text.StringBuilder();
        foreach (var line in Header) w.Append(line).Append('\n');
        foreach (var cell in Cells)
        {
            if (w.Length > 0 && !w.ToString().EndsWith("\n\n", StringComparison.Ordinal)) w.Append('\n');
            w.Append(cell.Kind == CellKind.Markdown ? Marker + " [markdown]\n" : Marker + "\n");
            foreach (var line in cell.Text.Split('\n'))
                w.Append(cell.Kind == CellKind.Markdown ? (line.Length == 0 ? "//" : "// " + line) : line).Append('\n');
        }
        return w.ToString();
    }
}
