using System.Text.Json;
using System.Text.Json.Nodes;
using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// Runs notebooks through the real kernel (Jupyter and .NET Interactive). Needs what .ci/run installs; where it
/// is missing the kernel tests skip, naming what to install, except under CI=true or
/// TRANSFERGUIDE_REQUIRE_NOTEBOOKS=1 (.ci/run sets it), where they run and fail.
/// </summary>
[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class NotebookRunnerTests
{
    /// <summary>Fails, saying what to install, when a required kernel is missing (the attribute skips otherwise).</summary>
    static void RequireKernel()
    {
        if (NotebooksFactAttribute.Missing is { } missing) Assert.Fail(missing);
    }

    /// <summary>
    /// A scratch copy of the repository's layout: the notebook under monthN/ (so the setup's relative paths
    /// hold), the real setup, sources, library build and shared datasets linked in.
    /// </summary>
    static string ScratchRepo(TempDir dir)
    {
        var root = CourseWeeksTests.RepoRoot();
        var repo = dir.Combine("repo");
        Directory.CreateDirectory(Path.Combine(repo, "notebooks"));
        Directory.CreateDirectory(Path.Combine(repo, "month3"));
        File.WriteAllText(Path.Combine(repo, "TransferGuide.sln"), "");
        File.CreateSymbolicLink(Path.Combine(repo, "notebooks", "setup.dib"), Path.Combine(root, "notebooks", "setup.dib"));
        File.CreateSymbolicLink(Path.Combine(repo, "src"), Path.Combine(root, "src"));
        // Datasets are found in ../shared/datasets beside the repository, as for the real one.
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        if (Directory.Exists(shared)) Directory.CreateSymbolicLink(dir.Combine("shared"), shared);
        return repo;
    }

    static JsonObject CodeCell(string source) => new()
    {
        ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
        ["source"] = new JsonArray(source),
    };

    [NotebooksFact]
    public void A_deliberately_broken_copy_of_a_week_fails_the_run_and_names_the_cell_and_the_error()
    {
        RequireKernel();
        using var dir = new TempDir();
        var repo = ScratchRepo(dir);
        var week = JsonNode.Parse(File.ReadAllText(Path.Combine(CourseWeeksTests.RepoRoot(), "month3", "week09-lr-schedules.ipynb")))!;
        var cells = week["cells"]!.AsArray();
        // The break a student makes: a typo in a library call, right after the setup cells.
        int start = cells.Select((c, i) => (c, i)).First(x => x.c!["source"]!.ToJsonString().Contains("Course.Start")).i;
        cells.Insert(start + 1, CodeCell("var broken = Schedules.Cosin(100);"));
        var copy = Path.Combine(repo, "month3", "week09-broken.ipynb");
        File.WriteAllText(copy, week.ToJsonString());

        var outDir = dir.Combine("out");
        var run = new NotebookRunner { Quick = true, OutputFolder = outDir, CellTimeoutSeconds = 300 }.Execute(copy);
        Assert.False(run.Passed);
        Assert.Contains("error CS0117", run.Error); // 'Schedules' does not contain a definition for 'Cosin'
        Assert.Contains("Cosin", run.Error);
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["notebooks", "run", "--quick", "--out", outDir, copy]));
    }

    [NotebooksFact]
    public void A_working_notebook_passes_and_its_chart_is_in_the_output_as_Plotly_HTML()
    {
        RequireKernel();
        using var dir = new TempDir();
        var repo = ScratchRepo(dir);
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(
                CodeCell(WeekNotebook.SetupImport),
                CodeCell("var course = Course.Start(\"week00\");\nExercise.Check(\"w00.smoke\", course.Quick.Enabled, \"quick mode should be on\");"),
                // Course.Show is how a week shows a chart: inline here, through the display the setup installs.
                CodeCell("course.Show(ResultsChart.Bars([(\"a\", 0.5), (\"b\", 0.75)]));")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(repo, "month3", "smoke.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        var run = new NotebookRunner { Quick = true, OutputFolder = dir.Combine("out"), CellTimeoutSeconds = 300 }.Execute(path);
        Assert.True(run.Passed, run.Error);
        Assert.Equal(1, run.Charts);
        var executed = File.ReadAllText(run.Executed!);
        Assert.Contains("renderPlotly", executed);
        Assert.Contains("PASS w00.smoke", executed);
    }

    [Fact]
    public void Find_takes_files_and_folders_and_skips_hidden_and_underscore_paths()
    {
        using var dir = new TempDir();
        foreach (var f in new[] { "month1/week01-a.ipynb", "month1/.ipynb_checkpoints/week01-a-checkpoint.ipynb", "_scratch/x.ipynb", "month2/week04-b.ipynb" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(f))!);
            File.WriteAllText(dir.Combine(f), "{}");
        }
        var found = NotebookRunner.Find([dir.Path]).Select(p => Path.GetRelativePath(dir.Path, p).Replace('\\', '/'));
        Assert.Equal(["month1/week01-a.ipynb", "month2/week04-b.ipynb"], found);
        Assert.Throws<FileNotFoundException>(() => NotebookRunner.Find([dir.Combine("missing.ipynb")]));
    }
}
