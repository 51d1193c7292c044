using System.Text.Json;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// The committed weeks: one source each in month1/ to month3/, a notebook that is exactly what the source generates,
/// and the course's conventions (see notebooks/README.md).
/// </summary>
public class CourseWeeksTests
{
    internal static string RepoRoot() =>
        Repository.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("TransferGuide.sln not found above " + AppContext.BaseDirectory);

    /// <summary>Every week's source, relative to the repository.</summary>
    public static TheoryData<string> Weeks()
    {
        var data = new TheoryData<string>();
        foreach (var path in WeekNotebook.FindSources(RepoRoot())) data.Add(Path.GetRelativePath(RepoRoot(), path));
        return data;
    }

    internal static (List<string> Code, JsonElement Root) Read(string path)
    {
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        var code = root.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())))
            .ToList();
        return (code, root);
    }

    [Fact]
    public void The_months_sit_at_the_top_with_four_weeks_each_and_no_week_is_left_in_notebooks()
    {
        var root = RepoRoot();
        foreach (var month in new[] { "month1", "month2", "month3" })
            Assert.True(Directory.GetFiles(Path.Combine(root, month), "week*.cs").Length >= 3, $"{month}/ should hold its weeks");
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "notebooks"), "week*.ipynb", SearchOption.AllDirectories));
        // Every notebook has its source: nothing is edited only as a notebook.
        // Only the month folders: executed copies under runs/ or .ci-out/ are outputs, not weeks.
        var notebooks = Directory.GetDirectories(root, "month*").SelectMany(m => Directory.GetFiles(m, "week*.ipynb"));
        Assert.All(notebooks, nb => Assert.True(File.Exists(Path.ChangeExtension(nb, ".cs")), $"{nb} has no source .cs beside it"));
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void The_committed_notebook_is_what_the_source_generates(string relative)
    {
        var source = WeekSource.Load(Path.Combine(RepoRoot(), relative));
        var notebook = WeekNotebook.PathFor(source.Path);
        Assert.True(File.Exists(notebook), $"{relative} has no notebook: run tg course build.");
        Assert.True(File.ReadAllText(notebook) == WeekNotebook.Build(source),
            $"{Path.GetRelativePath(RepoRoot(), notebook)} differs from what {relative} generates: edit the .cs source, then run tg course build.");
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void A_week_runs_as_a_program_imports_the_setup_as_a_notebook_and_has_two_well_formed_exercises(string relative)
    {
        var sourcePath = Path.Combine(RepoRoot(), relative);
        var name = Path.GetFileName(sourcePath);
        Assert.Matches(@"^week\d{2}-[a-z0-9-]+\.cs$", name);
        Assert.Equal("#:project ../src/TransferGuide/TransferGuide.csproj", File.ReadLines(sourcePath).First());

        var (code, root) = Read(WeekNotebook.PathFor(sourcePath));
        foreach (var cell in root.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
        {
            Assert.Empty(cell.GetProperty("outputs").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("execution_count").ValueKind);
        }
        Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal(WeekNotebook.SetupImport, code[0].Trim());
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(sourcePath)!, "../notebooks/setup.dib")));
        string week = name[..6];
        Assert.Contains($"Course.Start(\"{week}\")", code[1]);
        // Cells are program statements too: a using or a type declaration mid-file would not compile as a program.
        Assert.DoesNotContain(code.Skip(1), c => c.Split('\n').Any(l => l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("#!", StringComparison.Ordinal)));

        Assert.Empty(ExerciseMarkup.Validate(code));
        var exercises = ExerciseMarkup.Find(code);
        Assert.True(exercises.Count >= 2, $"{relative} has {exercises.Count} exercise(s); each week needs at least 2.");
        Assert.All(exercises, e => Assert.StartsWith($"w{week[4..]}.", e.Id));
    }

    [Fact]
    public void The_setup_and_the_programs_import_the_same_namespaces()
    {
        var root = RepoRoot();
        var setup = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, "notebooks", "setup.dib")), @"(?m)^using ([\w.]+);")
            .Select(m => m.Groups[1].Value).ToHashSet();
        var program = WeekCompiler.ProgramUsings(root).ToHashSet();
        // The kernel's own namespace is the notebook's alone; System.IO and System.Threading are implicit in a program.
        setup.ExceptWith(["Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.Commands"]);
        Assert.Empty(setup.Except(program).Except(WeekCompiler.ImplicitUsings));
        Assert.Empty(program.Except(setup).Except(WeekCompiler.ImplicitUsings));
    }
}
