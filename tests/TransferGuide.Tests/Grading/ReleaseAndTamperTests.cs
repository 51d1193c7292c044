using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TransferGuide.Cli.Grading;

namespace TransferGuide.Tests.Grading;

/// <summary>The student release, the manifest, the tamper check, scoring and the gradebooks, without a kernel.</summary>
[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)]
public class ReleaseAndTamperTests
{
    [Fact]
    public void Points_and_hidden_tests_are_read_from_the_markup_and_the_student_copy_drops_the_hidden_tests()
    {
        var source = WeekSource.Parse(GradingCourse.Week, "month1/week00-demo.cs");
        var code = source.Cells.Where(c => c.Kind == CellKind.Code).Select(c => c.Text).ToList();
        Assert.Empty(ExerciseMarkup.Validate(code));
        var found = ExerciseMarkup.Find(code);
        Assert.Equal([("w00.twice", 2, true), ("w00.sum", 3, true), ("w00.answer", 1, false)], found.Select(e => (e.Id, e.Points, e.HiddenTests)));
        Assert.Equal("Return twice x.", found[0].Instructions);
        var student = ExerciseMarkup.StudentCopy(code[2]);
        Assert.Equal("Exercise.Check(\"w00.twice\", () => Twice(1) == 2, \"Twice(1) should be 2.\");", student);
        Assert.Contains(ExerciseMarkup.Validate(["// BEGIN HIDDEN TESTS\nx();"]), p => p.Contains("without // END HIDDEN TESTS"));
        Assert.Contains(ExerciseMarkup.Validate(["// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS"]), p => p.Contains("outside an exercise's check cell"));
    }

    [Fact]
    public void The_release_keeps_ids_and_visible_checks_and_has_no_solutions_hidden_tests_or_outputs()
    {
        using var course = new GradingCourse();
        var manifest = course.Assign();
        var notebook = course.ReleasedNotebook();
        var instructor = WeekSource.Load(course.Source);
        var ids = notebook["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(JsonNode.Parse(WeekNotebook.Build(instructor))!["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()), ids);
        var text = notebook.ToJsonString();
        Assert.DoesNotContain("BEGIN SOLUTION", text);
        Assert.DoesNotContain("HIDDEN", text);
        Assert.DoesNotContain("Twice(21)", text);
        Assert.DoesNotContain("2 * x", text);
        Assert.Contains("throw Exercise.Todo(\\u0022w00.twice\\u0022);", text.Replace("\\\"", "\\u0022"));
        Assert.Contains("Twice(1) == 2", text);
        Assert.All(notebook["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code"), c => Assert.Empty(c!["outputs"]!.AsArray()));

        var week = Assert.Single(manifest.Notebooks);
        Assert.Equal("month1/week00-demo.ipynb", week.File);
        Assert.Equal([("w00.twice", 2, "week00-03", "week00-04"), ("w00.sum", 3, "week00-05", "week00-06"), ("w00.answer", 1, "week00-07", "week00-08")],
            week.Exercises.Select(e => (e.Id, e.Points, e.Cell, e.TestCell)));
        Assert.Equal(ReleaseManifest.Checksum(GradingCourse.SourceOf(notebook, "week00-04")), week.Cells.Single(c => c.Id == "week00-04").Sha256);
        Assert.True(File.Exists(Path.Combine(course.Release, "notebooks", "setup.dib")));
    }

    [Fact]
    public void Edited_deleted_and_renamed_tests_are_tampering_and_the_originals_with_hidden_tests_are_put_back()
    {
        using var course = new GradingCourse();
        var entry = course.Assign().Notebooks[0];
        var tests = StudentRelease.GradedTestCells(WeekSource.Load(course.Source), entry);
        Assert.Contains("Twice(21)", tests["week00-04"]);

        var cells = SubmissionCells(course.Reference());
        Assert.Empty(SubmissionCheck.Prepare(entry, tests, cells).Tampering);

        cells[cells.FindIndex(c => c.Id == "week00-04")] = new SubmittedCell("week00-04", CellKind.Code, "Exercise.Check(\"w00.twice\", true, \"\");");
        cells.RemoveAt(cells.FindIndex(c => c.Id == "week00-08"));
        int sum = cells.FindIndex(c => c.Id == "week00-06");
        cells[sum] = cells[sum] with { Id = "renamed" };
        int answer = cells.FindIndex(c => c.Id == "week00-07");
        cells.RemoveAt(answer);
        var prepared = SubmissionCheck.Prepare(entry, tests, cells);
        Assert.Contains(prepared.Tampering, t => t.Contains("test cell week00-04 (exercise w00.twice) was edited"));
        Assert.Contains(prepared.Tampering, t => t.Contains("test cell week00-08 (exercise w00.answer) was deleted"));
        Assert.Contains(prepared.Tampering, t => t.Contains("test cell week00-06 (exercise w00.sum): its id was changed to renamed"));
        Assert.Contains(prepared.Tampering, t => t.Contains("exercise cell week00-07 (w00.answer) is missing"));
        Assert.Equal(4, prepared.Tampering.Count);
        // Every test is the instructor's again, hidden tests included, in its place.
        Assert.Equal(tests["week00-04"], prepared.Cells.Single(c => c.Id == "week00-04").Source);
        Assert.Equal(tests["week00-06"], prepared.Cells.Single(c => c.Id == "week00-06").Source);
        var order = prepared.Cells.Select(c => c.Id).ToList();
        Assert.Equal(order.IndexOf("week00-06") + 1, order.IndexOf("week00-08"));
    }

    [Fact]
    public void A_week_source_changed_since_the_release_is_refused_rather_than_graded_with_other_tests()
    {
        using var course = new GradingCourse();
        var entry = course.Assign().Notebooks[0];
        File.WriteAllText(course.Source, GradingCourse.Week.Replace("SumTo(3) == 6", "SumTo(4) == 10"));
        var e = Assert.Throws<InvalidDataException>(() => StudentRelease.GradedTestCells(WeekSource.Load(course.Source), entry));
        Assert.Contains("week00-06", e.Message);
        Assert.Contains("week00-demo.cs", e.Message);
    }

    [Fact]
    public void Scoring_needs_a_pass_and_no_fail_in_the_test_cells_own_output_and_names_timeouts()
    {
        using var course = new GradingCourse();
        var entry = course.Assign().Notebooks[0];
        var runs = new Dictionary<string, CellRun>
        {
            ["week00-03"] = new("week00-03", CellStatus.Ok, "PASS w00.sum: faked by the student"),
            ["week00-04"] = new("week00-04", CellStatus.Ok, "PASS w00.twice: well done\nPASS w00.twice: well done"),
            ["week00-05"] = new("week00-05", CellStatus.Ok, ""),
            ["week00-06"] = new("week00-06", CellStatus.Ok, "PASS w00.sum: well done\nFAIL w00.sum: SumTo must work for every n >= 0."),
            ["week00-07"] = new("week00-07", CellStatus.Timeout, ""),
            ["week00-08"] = new("week00-08", CellStatus.Ok, "PASS w00.answer: well done"),
        };
        var grades = ExerciseScoring.Score(entry, runs, 20);
        Assert.Equal([2, 0, 0], grades.Select(g => g.Points));
        Assert.Equal("SumTo must work for every n >= 0.", grades[1].Message);
        Assert.Contains("timed out", grades[2].Message);
        Assert.Contains("20 s", grades[2].Message);
    }

    [Fact]
    public void The_csv_has_a_row_per_student_and_the_database_keeps_every_run()
    {
        using var dir = new TempDir();
        var a = new StudentResult("alice", DateTime.UtcNow, ["caps"], [new NotebookResult("alice.ipynb", "week00", ["test cell x was edited"], [], 3, [])],
            [new ExerciseGrade("w00.a", 2, 2, true, "well done", []), new ExerciseGrade("w00.b", 0, 3, false, "hint", ["e"])]);
        var b = a with { Student = "=bob,jr", Notebooks = [], Grades = [new ExerciseGrade("w00.a", 0, 2, false, "h", []), new ExerciseGrade("w00.b", 3, 3, true, "ok", [])] };
        Gradebook.WriteCsv(dir.Combine("g.csv"), ["w00.a", "w00.b"], [b, a]);
        // A name a spreadsheet would run as a formula is defused and quoted.
        Assert.Equal("student,w00.a,w00.b,total,max\n\"'=bob,jr\",0,3,3,5\nalice,2,0,2,5\n", File.ReadAllText(dir.Combine("g.csv")));
        var db = dir.Combine("g.db");
        Assert.Equal(1, Gradebook.Record(db, "rel", 2, 10, ["caps"], [a, b]));
        Assert.Equal(2, Gradebook.Record(db, "rel", 1, 5, ["caps"], [a]));
        using var c = new SqliteConnection($"Data Source={db}");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT COUNT(*), SUM(points) FROM grades WHERE student = 'alice'";
        using var r = q.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((4L, 4L), (r.GetInt64(0), r.GetInt64(1)));
        var page = FeedbackPage.Build(a, new ReleaseManifest(1, DateTime.UtcNow, "c", []));
        Assert.Contains("2 / 5 points", page);
        Assert.Contains("Tampering: test cell x was edited", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public void Emit_jobs_writes_one_command_per_student_and_collect_without_results_names_the_fix()
    {
        using var course = new GradingCourse();
        course.Assign();
        course.Submit("alice", course.Reference());
        course.Submit("bob", course.ReleasedNotebook());
        var jobs = Path.Combine(course.Root, "jobs.txt");
        var (code, output) = TransferGuide.Tests.Cli.Tg.Run("grade", course.Submissions, "--release", course.Release, "--out", course.Grades, "--emit-jobs", jobs);
        Assert.True(code == 0, output);
        var lines = File.ReadAllLines(jobs);
        Assert.Equal(2, lines.Length);
        Assert.Contains("--student 'alice' --no-collect", lines[0]);
        Assert.Contains("--student 'bob' --no-collect", lines[1]);
        TransferGuide.Tests.Cli.Tg.Fails(2, TransferGuide.Tests.Cli.Tg.Run("grade", "--collect", "--release", course.Release, "--out", course.Grades), "No results in", "tg grade SUBMISSIONS");
        TransferGuide.Tests.Cli.Tg.Fails(2, TransferGuide.Tests.Cli.Tg.Run("grade", course.Submissions, "--release", course.Root), "No release manifest", "tg assign");
    }

    static List<SubmittedCell> SubmissionCells(JsonNode notebook)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("n.ipynb"), notebook.ToJsonString());
        return SubmissionRunner.ReadCells(dir.Combine("n.ipynb"));
    }
}
