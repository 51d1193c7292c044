namespace TransferGuide.Cli.Course;

/// <summary>
/// The copy of a week's source that <c>tg course render</c> runs: each code cell's marker line <c>// %%</c> becomes
/// <c>TransferGuide.Notebooks.CourseDisplay.Cell("week04-02"); // %%</c>, so the program prints where each cell's
/// output begins. The copy has exactly the original's lines, so a compiler error's line number is the original's.
/// </summary>
/// <param name="Original">The week's source file.</param>
/// <param name="Copy">The instrumented copy.</param>
/// <param name="Source">The parsed original.</param>
/// <param name="Ids">The notebook cell id of each source cell (<see cref="WeekNotebook.CellIds"/>).</param>
public sealed record InstrumentedWeek(string Original, string Copy, WeekSource Source, IReadOnlyList<string> Ids)
{
    /// <summary>The call that starts each code cell in the copy (fully qualified: the copy needs no using).</summary>
    public const string CellCall = "TransferGuide.Notebooks.CourseDisplay.Cell";

    /// <summary>
    /// The copy's text: every code cell's marker line replaced by a <see cref="CellCall"/> that keeps the marker as a
    /// trailing comment, and each relative <c>#:project</c> path of the header made absolute (the copy lives elsewhere).
    /// </summary>
    /// <param name="source">The parsed week.</param>
    /// <param name="text">The file's text, as parsed.</param>
    public static string Instrument(WeekSource source, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var ids = WeekNotebook.CellIds(source);
        for (int c = 0; c < source.Cells.Count; c++)
        {
            var cell = source.Cells[c];
            if (cell.Kind != CellKind.Code) continue;
            var marker = lines[cell.Line - 1];
            if (marker.TrimEnd() != WeekSource.Marker)
                throw new FormatException($"{source.Path}:{cell.Line}: expected the code cell marker '{WeekSource.Marker}', found '{marker}'.");
            lines[cell.Line - 1] = $"{CellCall}(\"{ids[c]}\"); {WeekSource.Marker}";
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(source.Path))!;
        for (int i = 0; i < source.Header.Count && i < lines.Length; i++)
            lines[i] = AbsoluteProject(lines[i], folder);
        return string.Join("\n", lines);
    }

    /// <summary>A <c>#:project PATH</c> line with PATH made absolute against <paramref name="folder"/>; any other line as it is.</summary>
    public static string AbsoluteProject(string line, string folder)
    {
        const string directive = "#:project ";
        if (!line.StartsWith(directive, StringComparison.Ordinal)) return line;
        var path = line[directive.Length..].Trim();
        return Path.IsPathRooted(path) ? line : directive + Path.GetFullPath(Path.Combine(folder, path));
    }

    /// <summary>
    /// Parses <paramref name="original"/> and writes its instrumented copy to <c>WORK/monthN/</c> (the original's folder
    /// name), with a <c>Directory.Build.props</c> in <paramref name="workFolder"/> that imports the repository's
    /// <c>notebooks/Weeks.props</c> (the usings every week compiles with). <paramref name="workFolder"/> must lie inside
    /// the repository, so that its <c>Directory.Build.targets</c> (the native-library fix) applies to the copy too.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="original"/>.</exception>
    /// <exception cref="FormatException">The source is not a well-formed week (the message names the file and line).</exception>
    public static InstrumentedWeek Prepare(string original, string repositoryRoot, string workFolder)
    {
        original = Path.GetFullPath(original);
        if (!File.Exists(original)) throw new FileNotFoundException($"No week source at {original}.", original);
        var text = File.ReadAllText(original);
        var source = WeekSource.Parse(text, original);
        _ = source.Week; // a file not named weekNN-*.cs fails here, before anything runs
        var props = Path.Combine(repositoryRoot, "notebooks", "Weeks.props");
        if (!File.Exists(props)) throw new FileNotFoundException($"{original}: no notebooks/Weeks.props in {repositoryRoot}; render weeks inside the TransferGuide repository.", props);
        var instrumented = Instrument(source, text);
        var month = Path.GetFileName(Path.GetDirectoryName(original)!);
        var folder = Directory.CreateDirectory(Path.Combine(workFolder, month)).FullName;
        WriteIfChanged(Path.Combine(workFolder, "Directory.Build.props"), PropsFor(repositoryRoot));
        var copy = Path.Combine(folder, Path.GetFileName(original));
        // An unchanged copy keeps its time stamp, so dotnet run may reuse its last build.
        WriteIfChanged(copy, instrumented);
        return new InstrumentedWeek(original, copy, source, WeekNotebook.CellIds(source));
    }

    /// <summary>The work folder's <c>Directory.Build.props</c>: the repository's week settings, imported by absolute path.</summary>
    public static string PropsFor(string repositoryRoot) =>
        "<Project>\n  <!-- Written by tg course render: the instrumented weeks here build like monthN/weekNN-*.cs. -->\n" +
        $"  <Import Project=\"{System.Security.SecurityElement.Escape(Path.Combine(Path.GetFullPath(repositoryRoot), "notebooks", "Weeks.props"))}\" />\n</Project>\n";

    static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        AtomicFile.WriteText(path, text);
    }
}
