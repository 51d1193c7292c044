using System.Text.RegularExpressions;

namespace TransferGuide.Cli.Course;

/// <summary>Printed text, or a chart fragment that <see cref="CourseDisplay"/> wrote.</summary>
public enum OutputKind
{
    /// <summary>Lines of text.</summary>
    Text,

    /// <summary>A chart: the fragment file's name in the week's render folder.</summary>
    Chart,

    /// <summary>HTML that is not a chart (clips to hear): the fragment file's name in the week's render folder.</summary>
    Html,
}

/// <summary>One piece of a cell's output.</summary>
/// <param name="Kind">Text or chart.</param>
/// <param name="Value">The text (lines joined by "\n"), or the chart fragment's file name.</param>
public sealed record OutputPart(OutputKind Kind, string Value);

/// <summary>The output of one code cell.</summary>
/// <param name="Id">The cell's id (<c>week04-02</c>).</param>
/// <param name="Parts">Its text and charts, in the order printed.</param>
public sealed record CellOutput(string Id, IReadOnlyList<OutputPart> Parts);

/// <summary>
/// A rendered run's output split at the cell markers that the instrumented copy prints
/// (<see cref="CourseDisplay.Marker"/> then <c>cell ID</c>, <c>chart NAME</c> or <c>html NAME</c>).
/// </summary>
/// <param name="Preamble">What came before the first cell: the build's messages, if any.</param>
/// <param name="Cells">Each cell that started, in order.</param>
public sealed record CellOutputs(IReadOnlyList<OutputPart> Preamble, IReadOnlyList<CellOutput> Cells)
{
    /// <summary>The output of cell <paramref name="id"/>; null when the run never reached it.</summary>
    public CellOutput? For(string id) => Cells.FirstOrDefault(c => c.Id == id);

    /// <summary>The last cell that started (where a failed run stopped); null when none did.</summary>
    public string? LastCell => Cells.Count > 0 ? Cells[^1].Id : null;

    /// <summary>How many charts the run showed.</summary>
    public int Charts => Preamble.Concat(Cells.SelectMany(c => c.Parts)).Count(p => p.Kind == OutputKind.Chart);

    // CSI sequences (colours, cursor moves), OSC sequences (titles, links) and lone two-character escapes.
    static readonly Regex Ansi = new(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[@-Z\\-_]", RegexOptions.CultureInvariant);

    /// <summary>
    /// Splits a run's output: lines are cleaned (<see cref="Clean"/>), a <c>cell ID</c> marker starts a cell, a
    /// <c>chart NAME</c> marker places a chart; a marker that follows text on the same line (a <c>Console.Write</c>
    /// without a newline) still counts. Text lines in a row become one part; blank lines at a part's ends are dropped.
    /// </summary>
    public static CellOutputs Split(string output)
    {
        var preamble = new List<OutputPart>();
        var cells = new List<CellOutput>();
        var parts = preamble;
        var text = new List<string>();
        void FlushText()
        {
            int start = text.FindIndex(l => l.Trim().Length > 0), end = text.FindLastIndex(l => l.Trim().Length > 0);
            if (start >= 0) parts.Add(new OutputPart(OutputKind.Text, string.Join("\n", text.Skip(start).Take(end - start + 1))));
            text.Clear();
        }
        foreach (var raw in output.Replace("\r\n", "\n").Split('\n'))
        {
            var line = Clean(raw);
            int marker = line.IndexOf(CourseDisplay.Marker);
            if (marker < 0) { text.Add(line); continue; }
            if (marker > 0) text.Add(line[..marker]);
            var command = line[(marker + 1)..].Trim();
            if (command.StartsWith("cell ", StringComparison.Ordinal))
            {
                FlushText();
                parts = [];
                cells.Add(new CellOutput(command[5..].Trim(), parts));
            }
            else if (command.StartsWith("chart ", StringComparison.Ordinal))
            {
                FlushText();
                parts.Add(new OutputPart(OutputKind.Chart, command[6..].Trim()));
            }
            else if (command.StartsWith("html ", StringComparison.Ordinal))
            {
                FlushText();
                parts.Add(new OutputPart(OutputKind.Html, command[5..].Trim()));
            }
            else text.Add(command); // an unknown marker: keep what it says
        }
        FlushText();
        return new CellOutputs(preamble, cells);
    }

    /// <summary>
    /// A line as a terminal would have left it: ANSI escapes removed, and of a line redrawn with carriage returns
    /// (a progress bar) only what follows the last one; trailing spaces trimmed.
    /// </summary>
    public static string Clean(string line)
    {
        line = Ansi.Replace(line, "").TrimEnd('\r');
        int cr = line.LastIndexOf('\r');
        if (cr >= 0) line = line[(cr + 1)..];
        return line.TrimEnd();
    }
}
