using System.Text.Json;

namespace TransferGuide.Tests.Notebooks;

/// <summary>The committed week notebooks follow the course's conventions (see notebooks/README.md).</summary>
public class CourseNotebooksTests
{
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TransferGuide.sln"))) return dir.FullName;
        throw new InvalidOperationException("TransferGuide.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Weeks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "week*.ipynb", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(RepoRoot(), path));
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
    public void There_are_weeks_in_every_month_folder_that_exists()
    {
        Assert.True(Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "week*.ipynb", SearchOption.AllDirectories).Length >= 5);
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void A_week_is_committed_clean_imports_the_setup_and_has_two_well_formed_exercises(string relative)
    {
        var path = Path.Combine(RepoRoot(), relative);
        var name = Path.GetFileName(path);
        Assert.Matches(@"^week\d{2}-[a-z0-9-]+\.ipynb$", name);
        var (code, root) = Read(path);
        foreach (var cell in root.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
        {
            Assert.Empty(cell.GetProperty("outputs").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("execution_count").ValueKind);
        }
        Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal("#!import ../setup.dib", code[0].Trim());
        string week = name[..6];
        Assert.Contains($"Course.Start(\"{week}\")", code[1]);

        Assert.Empty(ExerciseMarkup.Validate(code));
        var exercises = ExerciseMarkup.Find(code);
        Assert.True(exercises.Count >= 2, $"{relative} has {exercises.Count} exercise(s); each week needs at least 2.");
        Assert.All(exercises, e => Assert.StartsWith($"w{week[4..]}.", e.Id));
    }
}
