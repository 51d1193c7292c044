using System.Diagnostics;
using System.Text.Json;

namespace TransferGuide.Cli.Notebooks;

/// <summary>How one notebook run went.</summary>
/// <param name="Notebook">The notebook file.</param>
/// <param name="Passed">Whether every cell ran without error.</param>
/// <param name="Seconds">Wall time, kernel start included.</param>
/// <param name="Executed">The executed copy (null when the run failed before writing it).</param>
/// <param name="Error">On failure, the end of the error the kernel reported.</param>
/// <param name="Charts">Plotly charts in the executed copy's outputs.</param>
public sealed record NotebookRun(string Notebook, bool Passed, double Seconds, string? Executed, string? Error, int Charts);

/// <summary>
/// Executes notebooks headlessly the way a student's Jupyter does: Jupyter's nbclient (the engine of
/// <c>jupyter nbconvert --execute</c>) with the .NET Interactive kernel (<c>.net-csharp</c>), each notebook in
/// its own kernel, working directory the notebook's folder.
/// A cell error fails the run, and with <c>TRANSFERGUIDE_STRICT_EXERCISES=1</c> so does a failed exercise check.
/// </summary>
public sealed class NotebookRunner
{
    /// <summary>The Jupyter kernel name the .NET Interactive tool installs for C#.</summary>
    public const string Kernel = ".net-csharp";

    /// <summary>
    /// What <c>jupyter nbconvert --execute</c> does (it is nbclient underneath), plus one thing it cannot:
    /// stop at the first failing cell and still write the executed copy, which holds the compiler's
    /// diagnostics. Arguments: notebook, output path, kernel, cell timeout in seconds.
    /// </summary>
    const string ExecuteScript = """
        import os, sys, nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        src, dst, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        nb = nbformat.read(src, as_version=4)
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, resources={"metadata": {"path": os.path.dirname(src)}})
        code = 0
        try:
            client.execute()
        except CellExecutionError as e:
            print(str(e)[-3000:], file=sys.stderr)
            code = 1
        nbformat.write(nb, dst)
        sys.exit(code)
        """;

    /// <summary>Quick mode (TRANSFERGUIDE_QUICK=1) for the kernels.</summary>
    public bool Quick { get; init; }

    /// <summary>Seconds a single cell may run before the notebook fails.</summary>
    public int CellTimeoutSeconds { get; init; } = 600;

    /// <summary>Where executed copies go.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The notebooks under <paramref name="paths"/> (files or folders), in a stable order; setup and hidden files excluded.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths) =>
        paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*.ipynb", SearchOption.AllDirectories)
                    .Where(f => !Path.GetRelativePath(p, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part.StartsWith('_')))
                : File.Exists(p) ? [p] : throw new FileNotFoundException($"No notebook or folder at {p}.", p))
            .Select(Path.GetFullPath)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Null when Jupyter and the .NET kernel are installed, else what to install.</summary>
    public static string? MissingPrerequisite()
    {
        var (code, output) = Run("jupyter", ["kernelspec", "list", "--json"], Directory.GetCurrentDirectory(), null, 120);
        if (code != 0)
            return "Jupyter was not found. Install it (Debian/Ubuntu: apt-get install jupyter-nbconvert python3-nbclient jupyter-client " +
                   "python3-ipykernel), then the .NET kernel: dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 " +
                   "&& dotnet interactive jupyter install.";
        if (!output.Contains($"\"{Kernel}\"", StringComparison.Ordinal))
            return $"The Jupyter kernel {Kernel} is not installed: dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 && dotnet interactive jupyter install.";
        // The runner drives nbclient directly: a Jupyter without it (e.g. jupyter-client alone) cannot run notebooks.
        var (nbclient, _) = Run(JupyterPython(), ["-c", "import nbclient"], Directory.GetCurrentDirectory(), null, 120);
        return nbclient == 0 ? null
            : $"Jupyter's nbclient is not installed for {JupyterPython()}: apt-get install python3-nbclient jupyter-nbconvert (Debian/Ubuntu).";
    }

    /// <summary>
    /// The Python that runs Jupyter (from the <c>jupyter</c> script's first line), so that nbclient is found
    /// even when another python3 (pyenv, a virtual environment) comes first on PATH.
    /// </summary>
    public static string JupyterPython()
    {
        var jupyter = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "jupyter")).FirstOrDefault(File.Exists);
        if (jupyter == null) return "python3";
        try
        {
            using var reader = new StreamReader(jupyter);
            var first = reader.ReadLine() ?? "";
            if (!first.StartsWith("#!", StringComparison.Ordinal)) return "python3";
            var parts = first[2..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "#!/usr/bin/env python3" names the interpreter second.
            return parts.Length == 0 ? "python3" : Path.GetFileName(parts[0]) == "env" && parts.Length > 1 ? parts[^1] : parts[0];
        }
        catch (IOException) { return "python3"; }
        catch (UnauthorizedAccessException) { return "python3"; }
    }

    /// <summary>Executes one notebook.</summary>
    public NotebookRun Execute(string notebook)
    {
        notebook = Path.GetFullPath(notebook);
        Directory.CreateDirectory(OutputFolder);
        var env = new Dictionary<string, string> { [Exercise.StrictVariable] = "1" };
        if (Quick) env[QuickMode.Variable] = "1";
        var clock = Stopwatch.StartNew();
        var executed = Path.Combine(Path.GetFullPath(OutputFolder), Path.GetFileName(notebook));
        var (code, output) = Run(JupyterPython(), ["-c", ExecuteScript, notebook, executed, Kernel, CellTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Path.GetDirectoryName(notebook)!, env, CellTimeoutSeconds * 4 + 120);
        double seconds = clock.Elapsed.TotalSeconds;
        if (!File.Exists(executed)) return new NotebookRun(notebook, false, seconds, null, ErrorSummary(output), 0);
        var (errors, charts) = Inspect(executed);
        if (code != 0 && errors == null) errors = ErrorSummary(output);
        return new NotebookRun(notebook, code == 0 && errors == null, seconds, executed, errors, charts);
    }

    /// <summary>
    /// The first failing cell (its number, its diagnostics and exception) and the number of Plotly charts in an
    /// executed notebook. Errors in cells imported with <c>#!import</c> only print, so compiler errors in stream
    /// outputs count as failures too.
    /// </summary>
    public static (string? Errors, int Charts) Inspect(string executedNotebook)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(executedNotebook));
        string? first = null;
        int failedCells = 0, charts = 0, index = 0;
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            var problems = new List<string>();
            foreach (var output in outputs.EnumerateArray())
            {
                string type = output.GetProperty("output_type").GetString() ?? "";
                if (type == "error")
                    problems.Add($"{output.GetProperty("ename").GetString()}: {output.GetProperty("evalue").GetString()}");
                if (type == "stream" && Text(output, "text") is { } text && text.Contains("): error CS", StringComparison.Ordinal))
                    problems.AddRange(text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error CS", StringComparison.Ordinal)).Distinct());
                if (output.TryGetProperty("data", out var data) && Text(data, "text/html") is { } html && html.Contains("renderPlotly", StringComparison.Ordinal))
                    charts++;
            }
            if (problems.Count == 0) continue;
            failedCells++;
            first ??= $"cell {index}: " + string.Join("\n", problems.Distinct().Take(8));
        }
        return (first == null ? null : failedCells > 1 ? $"{first}\n({failedCells} cells failed in all)" : first, charts);
    }

    static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString()))
        : value.GetString();

    /// <summary>The useful end of nbconvert's failure output: the exception lines, not the kernel's logging.</summary>
    static string ErrorSummary(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !l.StartsWith("info:", StringComparison.Ordinal) && !l.StartsWith("      ", StringComparison.Ordinal)
                        && !l.Contains("Debugger", StringComparison.Ordinal) && !l.Contains("frozen modules", StringComparison.Ordinal))
            .ToList();
        int start = lines.FindLastIndex(l => l.Contains("CellExecutionError", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal));
        var tail = (start >= 0 ? lines.Skip(Math.Max(0, start - 2)) : lines.TakeLast(15)).TakeLast(15);
        return string.Join("\n", tail);
    }

    static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env, int timeoutSeconds)
    {
        // The kernel is the global tool dotnet-interactive, which lives in ~/.dotnet/tools.
        var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Environment.GetEnvironmentVariable("PATH")}{Path.PathSeparator}{tools}",
            ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
        };
        if (env != null) foreach (var (k, v) in env) environment[k] = v;
        ChildResult run;
        try
        {
            run = ChildProcess.Run(file, args, new ChildOptions
            {
                WorkingDirectory = workingDirectory, Environment = environment, Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            });
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, $"{file}: {e.Message}"); }
        return run.TimedOut ? (-1, $"timed out after {timeoutSeconds} s") : (run.ExitCode, run.Output + run.Errors);
    }
}
