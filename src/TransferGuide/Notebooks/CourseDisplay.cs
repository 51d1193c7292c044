using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Plotly.NET;
using TransferGuide.Reports;

namespace TransferGuide.Notebooks;

/// <summary>
/// Where <see cref="Course.Show"/> sends a value. A week runs in three hosts and shows its charts in each:
/// a notebook (the kernel displays them inline), a plain program (each chart becomes an HTML file next to the
/// run, its path printed), and <c>tg course render</c> (charts become fragments the site places under their cell).
/// </summary>
public static class CourseDisplay
{
    /// <summary>
    /// Set by the notebooks' shared setup (<c>notebooks/setup.dib</c>) to the kernel's own display; null in a program.
    /// </summary>
    public static Action<object>? Notebook { get; set; }

    /// <summary>
    /// The environment variable <c>tg course render</c> sets: the folder chart fragments go to. Output lines that
    /// start with <see cref="Marker"/> tell the renderer where a cell begins and where a chart stands.
    /// </summary>
    public const string RenderVariable = "TRANSFERGUIDE_RENDER_DIR";

    /// <summary>Starts a marker line on standard output (the ASCII record separator, which printed text never holds).</summary>
    public const char Marker = '\u001e';

    static int _charts;

    /// <summary>Marks the start of a cell in a rendered run (called by the copy <c>tg course render</c> runs, not by weeks).</summary>
    public static void Cell(string id)
    {
        Console.Out.Flush();
        Console.WriteLine($"{Marker}cell {id}");
    }

    /// <summary>The HTML a notebook shows for values that are neither charts nor tables (clips to hear); null for the rest.</summary>
    public static string? HtmlOf(object value) => value switch
    {
        Charts.AudioClipView clip => clip.Html,
        IEnumerable<Charts.AudioClipView> clips => Charts.AudioClipView.Row(clips),
        _ => null,
    };

    internal static void Show(object value, string week, Func<string> runFolder, TextWriter output)
    {
        if (Notebook is { } display) { display(value); return; }
        if (value is Charts.AudioClipView or IEnumerable<Charts.AudioClipView>)
        {
            ShowClips(value is Charts.AudioClipView one ? [one] : ((IEnumerable<Charts.AudioClipView>)value).ToList(), week, runFolder, output);
            return;
        }
        if (value is GenericChart chart)
        {
            int n = Interlocked.Increment(ref _charts);
            var renderDir = Environment.GetEnvironmentVariable(RenderVariable);
            if (!string.IsNullOrEmpty(renderDir))
            {
                var name = $"chart-{n:000}.html";
                Directory.CreateDirectory(renderDir);
                File.WriteAllText(Path.Combine(renderDir, name), GenericChart.toChartHTML(chart));
                output.Flush();
                output.WriteLine($"{Marker}chart {name}");
                return;
            }
            var folder = Path.Combine(runFolder(), "charts");
            Directory.CreateDirectory(folder);
            PlotlyScript.WriteBeside(folder);
            var path = Path.Combine(folder, $"{week}-chart{n:00}.html");
            Core.AtomicFile.WriteText(path, ChartPage(chart, $"{week}, chart {n}"));
            output.WriteLine($"chart: {path}");
            return;
        }
        output.WriteLine(AsText(value));
    }

    // Clips: in the course site, a fragment with players (as a chart is placed); in a plain program, WAV files to open.
    static void ShowClips(IReadOnlyList<Charts.AudioClipView> clips, string week, Func<string> runFolder, TextWriter output)
    {
        int n = Interlocked.Increment(ref _charts);
        var renderDir = Environment.GetEnvironmentVariable(RenderVariable);
        if (!string.IsNullOrEmpty(renderDir))
        {
            // Not a chart: the site places it as HTML and does not count it among the charts that must draw.
            var name = $"clips-{n:000}.html";
            Directory.CreateDirectory(renderDir);
            File.WriteAllText(Path.Combine(renderDir, name), Charts.AudioClipView.Row(clips));
            output.Flush();
            output.WriteLine($"{Marker}html {name}");
            return;
        }
        var folder = Directory.CreateDirectory(Path.Combine(runFolder(), "audio")).FullName;
        for (int k = 0; k < clips.Count; k++)
        {
            var path = Path.Combine(folder, $"{week}-clips{n:00}-{k + 1}.wav");
            Core.AtomicFile.Write(path, stream => stream.Write(clips[k].Wav));
            output.WriteLine($"audio: {path} ({clips[k].Caption})");
        }
    }

    /// <summary>A page for one chart that loads plotly.js from the file beside it, so it draws offline.</summary>
    static string ChartPage(GenericChart chart, string title) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + "</title>\n" +
        $"<script src=\"{PlotlyScript.FileName}\"></script>\n</head><body>\n" + GenericChart.toChartHTML(chart) + "\n</body></html>\n";

    /// <summary>
    /// Plain text for what a notebook would show as a table: a sequence of records, tuples or anonymous objects
    /// becomes aligned columns of their properties (or fields); anything else its <c>ToString()</c>.
    /// </summary>
    public static string AsText(object value)
    {
        if (value is string s || value is not IEnumerable items) return value.ToString() ?? "";
        var rows = items.Cast<object?>().ToList();
        var first = rows.FirstOrDefault(r => r != null);
        if (first == null) return "(no rows)";
        var members = Columns(first.GetType());
        if (members.Count == 0) return string.Join(Environment.NewLine, rows.Select(r => Format(r)));
        var table = new List<string[]> { members.Select(m => m.Name).ToArray() };
        table.AddRange(rows.Select(r => members.Select(m => Format(r == null ? null : m.Get(r))).ToArray()));
        var widths = Enumerable.Range(0, members.Count).Select(c => table.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        return text.ToString().TrimEnd();
    }

    static List<(string Name, Func<object, object?> Get)> Columns(Type type)
    {
        if (type.IsPrimitive || type == typeof(decimal) || type == typeof(string)) return [];
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, (Func<object, object?>)p.GetValue)).ToList();
        // Value tuples have public fields, not properties.
        return props.Count > 0 ? props : type.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Select(f => (f.Name, (Func<object, object?>)f.GetValue)).ToList();
    }

    static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
