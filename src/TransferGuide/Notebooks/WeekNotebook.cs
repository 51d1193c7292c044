using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TransferGuide.Notebooks;

/// <summary>
/// Writes a week's notebook from its <see cref="WeekSource"/>: the narrative cells up to the first code cell,
/// then a cell importing the shared setup (<c>notebooks/setup.dib</c>), then every other cell; ids
/// <c>week04-00</c>, <c>week04-01</c>, …; no outputs. The program's header (<c>#:project</c> and comments)
/// is not part of the notebook. The output is deterministic, so a test can tell a stale notebook.
/// </summary>
public static class WeekNotebook
{
    /// <summary>The first code cell of every notebook, relative to the week's folder (monthN/).</summary>
    public const string SetupImport = "#!import ../notebooks/setup.dib";

    /// <summary>The notebook's path for a source: the same name with .ipynb.</summary>
    public static string PathFor(string sourcePath) => Path.ChangeExtension(sourcePath, ".ipynb");

    /// <summary>The notebook's JSON text (nbformat 4.5, the layout Jupyter itself writes: one-space indent).</summary>
    public static string Build(WeekSource source)
    {
        var cells = new JsonArray();
        foreach (var (id, cell) in Layout(source))
            cells.Add(cell == null ? Code(id, SetupImport) : cell.Kind == CellKind.Code ? Code(id, cell.Text) : Markdown(id, cell.Text));
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(Options) + "\n";
    }

    /// <summary>
    /// The notebook cell id of each source cell, in the order of <see cref="WeekSource.Cells"/>: <c>week04-00</c>,
    /// <c>week04-01</c>, …, counting the setup import cell that stands before the first code cell. <c>tg course
    /// render</c> marks each cell's output with these ids, so the site and the notebook name cells alike.
    /// </summary>
    public static IReadOnlyList<string> CellIds(WeekSource source) =>
        Layout(source).Where(c => c.Cell != null).Select(c => c.Id).ToList();

    /// <summary>The notebook's cells in order with their ids: a source cell, or null for the setup import.</summary>
    static IEnumerable<(string Id, SourceCell? Cell)> Layout(WeekSource source)
    {
        int index = 0;
        bool imported = false;
        foreach (var cell in source.Cells)
        {
            if (cell.Kind == CellKind.Code && !imported)
            {
                yield return ($"{source.Week}-{index++:00}", null);
                imported = true;
            }
            yield return ($"{source.Week}-{index++:00}", cell);
        }
    }

    /// <summary>Writes the notebook beside its source; returns whether the file changed.</summary>
    public static bool Write(WeekSource source)
    {
        var path = PathFor(source.Path);
        var text = Build(source);
        if (File.Exists(path) && File.ReadAllText(path) == text) return false;
        Core.AtomicFile.WriteText(path, text);
        return true;
    }

    /// <summary>The week sources under a folder: <c>month*/week*.cs</c>, in order.</summary>
    public static IReadOnlyList<string> FindSources(string repositoryRoot) =>
        Directory.Exists(repositoryRoot)
            ? Directory.GetDirectories(repositoryRoot, "month*").Order(StringComparer.Ordinal)
                .SelectMany(d => Directory.GetFiles(d, "week*.cs").Order(StringComparer.Ordinal)).ToList()
            : [];

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true, IndentSize = 1,
        // Keep "·", "×" and quotes readable in diffs, as Jupyter does.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static JsonObject Code(string id, string text) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = id,
        ["metadata"] = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        },
        ["outputs"] = new JsonArray(),
        ["source"] = Lines(text),
    };

    static JsonObject Markdown(string id, string text) => new()
    {
        ["cell_type"] = "markdown", ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = Lines(text),
    };

    /// <summary>Jupyter's source layout: one string per line, each but the last ending in "\n".</summary>
    static JsonArray Lines(string text)
    {
        var lines = text.Split('\n');
        var array = new JsonArray();
        for (int i = 0; i < lines.Length; i++) array.Add(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        return array;
    }
}
