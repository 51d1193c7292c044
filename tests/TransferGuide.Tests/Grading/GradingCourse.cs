using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TransferGuide.Tests.Notebooks;

namespace TransferGuide.Tests.Grading;

/// <summary>
/// A tiny course for grading tests: one week with two code exercises graded by hidden tests (2 and 3 points) and a
/// one-point knowledge check, its release (<c>tg assign</c>), and submissions made from the instructor version.
/// Its setup only references the built library, so a kernel run takes seconds rather than the real setup's restore.
/// </summary>
internal sealed class GradingCourse : IDisposable
{
    public const string Week = """
        #:project ../src/TransferGuide/TransferGuide.csproj
        // %% [markdown]
        // # Week 0: a tiny graded week

        // %%
        Console.WriteLine("week 0");

        // %%
        // EXERCISE w00.twice (2 points): Return twice x.
        int Twice(int x)
        {
            // BEGIN SOLUTION
            return 2 * x;
            // END SOLUTION
        }

        // %%
        Exercise.Check("w00.twice", () => Twice(1) == 2, "Twice(1) should be 2.");
        // BEGIN HIDDEN TESTS
        Exercise.Check("w00.twice", () => Twice(21) == 42 && Twice(-5) == -10, "Twice must work for any x, negative ones too.");
        // END HIDDEN TESTS

        // %%
        // EXERCISE w00.sum (3 points): Return 1 + 2 + ... + n (0 for n = 0).
        int SumTo(int n)
        {
            // BEGIN SOLUTION
            return n * (n + 1) / 2;
            // END SOLUTION
        }

        // %%
        Exercise.Check("w00.sum", () => SumTo(3) == 6, "SumTo(3) should be 6.");
        // BEGIN HIDDEN TESTS
        Exercise.Check("w00.sum", () => SumTo(100) == 5050 && SumTo(0) == 0, "SumTo must work for every n >= 0.");
        // END HIDDEN TESTS

        // %%
        // EXERCISE w00.answer: Set answer to 42.
        int answer = 0;
        // BEGIN SOLUTION
        answer = 42;
        // END SOLUTION

        // %%
        Exercise.Check("w00.answer", answer == 42, "Read the instructions again.");

        """;

    const string Setup = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}

        #!csharp

        #r "../src/TransferGuide/bin/Debug/net10.0/TransferGuide.dll"
        using TransferGuide.Notebooks;

        """;

    readonly TempDir _dir = new();

    public string Root => _dir.Path;
    public string Course => _dir.Combine("course");
    public string Source => Path.Combine(Course, "month1", "week00-demo.cs");
    public string Release => _dir.Combine("release");
    public string Submissions => _dir.Combine("submissions");
    public string Grades => _dir.Combine("grades");

    public GradingCourse()
    {
        Directory.CreateDirectory(Path.Combine(Course, "month1"));
        Directory.CreateDirectory(Path.Combine(Course, "notebooks"));
        Directory.CreateDirectory(Submissions);
        File.WriteAllText(Path.Combine(Course, "TransferGuide.sln"), "");
        File.WriteAllText(Path.Combine(Course, "notebooks", "setup.dib"), Setup);
        Directory.CreateSymbolicLink(Path.Combine(Course, "src"), Path.Combine(CourseWeeksTests.RepoRoot(), "src"));
        File.WriteAllText(Source, Week);
    }

    /// <summary>Runs tg assign on the week; returns the manifest.</summary>
    public ReleaseManifest Assign()
    {
        var (code, output) = TransferGuide.Tests.Cli.Tg.Run("assign", Source, "--out", Release);
        Assert.True(code == 0, output);
        return ReleaseManifest.Load(Path.Combine(Release, ReleaseManifest.FileName));
    }

    /// <summary>The released notebook as JSON.</summary>
    public JsonNode ReleasedNotebook() => JsonNode.Parse(File.ReadAllText(Path.Combine(Release, "month1", "week00-demo.ipynb")))!;

    /// <summary>The reference solution as a student would hand it in: the release with the solutions written in.</summary>
    public JsonNode Reference()
    {
        var notebook = ReleasedNotebook();
        var instructor = WeekSource.Parse(Week, Source);
        var ids = WeekNotebook.CellIds(instructor);
        foreach (var cell in notebook["cells"]!.AsArray())
        {
            int i = ids.ToList().IndexOf(cell!["id"]!.GetValue<string>());
            if (i >= 0 && instructor.Cells[i].Text.Contains("// BEGIN SOLUTION", StringComparison.Ordinal))
                SetSource(cell, instructor.Cells[i].Text);
        }
        return notebook;
    }

    public static string SourceOf(JsonNode notebook, string id) =>
        string.Concat(Cell(notebook, id)["source"]!.AsArray().Select(l => l!.GetValue<string>()));

    public static JsonNode Cell(JsonNode notebook, string id) =>
        notebook["cells"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == id)!;

    public static void SetSource(JsonNode cell, string text) => cell["source"] = new JsonArray(text);

    /// <summary>Replaces the body of a solution region (between the markers) in cell <paramref name="id"/> of <paramref name="notebook"/>.</summary>
    public static JsonNode WithSolution(JsonNode notebook, string id, string body)
    {
        var copy = notebook.DeepClone();
        var cell = Cell(copy, id);
        var text = Regex.Replace(SourceOf(copy, id), @"(// BEGIN SOLUTION\n).*?(\s*// END SOLUTION)", m => m.Groups[1].Value + body + m.Groups[2].Value, RegexOptions.Singleline);
        SetSource(cell, text);
        return copy;
    }

    public void Submit(string student, JsonNode notebook) =>
        File.WriteAllText(Path.Combine(Submissions, student + ".ipynb"), notebook.ToJsonString());

    public void Dispose() => _dir.Dispose();
}
