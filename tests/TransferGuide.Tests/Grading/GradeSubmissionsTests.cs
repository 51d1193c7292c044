using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TransferGuide.Cli.Grading;

namespace TransferGuide.Tests.Grading;

/// <summary>
/// Grades nine real submissions, made here from the instructor version, through Jupyter and the .NET kernel in
/// the sandbox. Skips (naming what to install) without Jupyter and the kernel, except under CI=true or
/// TRANSFERGUIDE_REQUIRE_NOTEBOOKS=1, where it runs and fails.
/// </summary>
[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)]
public class GradeSubmissionsTests
{
    [NotebooksFact]
    public void Nine_submissions_get_exactly_their_points_with_tampering_timeouts_and_caps_named_in_the_feedback()
    {
        if (NotebooksFactAttribute.Missing is { } missing) Assert.Fail(missing);
        using var course = new GradingCourse();
        course.Assign();
        var reference = course.Reference();
        var release = course.ReleasedNotebook();
        // The host listens on loopback: a submission in its own network namespace cannot reach it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            course.Submit("reference", reference);
            course.Submit("untouched", release);
            course.Submit("partial", GradingCourse.WithSolution(reference, "week00-05", "return n == 3 ? 6 : n;"));
            course.Submit("syntax", GradingCourse.WithSolution(reference, "week00-03", "return 2 * x"));
            course.Submit("loop", GradingCourse.WithSolution(reference, "week00-05", "while (true) { }"));
            course.Submit("memory", GradingCourse.WithSolution(reference, "week00-05",
                "var hog = new List<byte[]>();\nfor (int i = 0; i < 10; i++) { var block = new byte[1 << 30]; Array.Fill(block, (byte)1); hog.Add(block); }\nreturn n * (n + 1) / 2;"));
            var tamper = GradingCourse.WithSolution(reference, "week00-03", "return 2;");
            GradingCourse.SetSource(GradingCourse.Cell(tamper, "week00-04"), "Exercise.Check(\"w00.twice\", true, \"\");");
            tamper["cells"]!.AsArray().Remove(GradingCourse.Cell(tamper, "week00-08"));
            course.Submit("tamper", tamper);
            course.Submit("reader", GradingCourse.WithSolution(reference, "week00-03",
                $"var secret = System.IO.File.ReadAllText(@\"{course.Source}\") + System.IO.File.ReadAllText(@\"{Path.Combine(course.Submissions, "reference.ipynb")}\");\nreturn secret.Contains(\"Twice(21)\") ? 2 * x : 0;"));
            course.Submit("network", GradingCourse.WithSolution(reference, "week00-05",
                $"using var client = new System.Net.Sockets.TcpClient();\nclient.Connect(\"127.0.0.1\", {port});\nreturn n * (n + 1) / 2;"));

            var (code, output) = TransferGuide.Tests.Cli.Tg.Run("grade", course.Submissions, "--release", course.Release, "--out", course.Grades,
                "--jobs", "2", "--cell-timeout", "20", "--wall-time", "240", "--memory-mb", "2048");
            Assert.True(code == 0, output);
            Assert.False(listener.Pending(), "a submission reached the host's network");
        }
        finally { listener.Stop(); }

        var csv = File.ReadAllLines(Path.Combine(course.Grades, Gradebook.CsvName));
        Assert.Equal("student,w00.twice,w00.sum,w00.answer,total,max", csv[0]);
        var expected = new Dictionary<string, string>
        {
            ["loop"] = "2,0,1,3", ["memory"] = "2,0,1,3", ["network"] = "2,0,1,3", ["partial"] = "2,0,1,3", ["reader"] = "0,3,1,4",
            ["reference"] = "2,3,1,6", ["syntax"] = "0,3,1,4", ["tamper"] = "0,3,1,4", ["untouched"] = "0,0,0,0",
        };
        Assert.Equal(expected.Select(kv => $"{kv.Key},{kv.Value},6"), csv.Skip(1));

        StudentResult Result(string s) => StudentResult.Load(StudentResult.PathFor(Path.Combine(course.Grades, "results"), s));
        string Feedback(string s) => File.ReadAllText(Path.Combine(course.Grades, "feedback", s, "feedback.html"));
        Assert.All(Result("untouched").Grades, g => Assert.StartsWith("not done yet", g.Message));
        Assert.Contains("Tampering: test cell week00-04 (exercise w00.twice) was edited; the original test was put back", Feedback("tamper"));
        Assert.Contains("Tampering: test cell week00-08 (exercise w00.answer) was deleted; the original test was put back", Feedback("tamper"));
        Assert.Contains("timed out", Result("loop").Grades[1].Message);
        Assert.Contains("timed out", Feedback("loop"));
        Assert.Contains("error CS1002", string.Join("\n", Result("syntax").Grades[0].ErrorLines)); // ; expected
        Assert.Contains("OutOfMemoryException", Result("memory").Grades[1].Message);
        Assert.Contains("SumTo must work for every n", Result("partial").Grades[1].Message);
        Assert.DoesNotContain("Twice(21)", Feedback("reader"));
        Assert.All(Directory.GetFiles(Path.Combine(course.Grades, "feedback"), "feedback.html", SearchOption.AllDirectories),
            f => Assert.DoesNotContain("<script", File.ReadAllText(f)));
        Assert.Contains(Result("reference").Sandbox, s => s.Contains("no network"));
        Assert.Contains(Result("reference").Sandbox, s => s.Contains("memory 2048 MB"));

        // Regrading one student keeps the others and adds a run to the database.
        File.Copy(Path.Combine(course.Submissions, "reference.ipynb"), Path.Combine(course.Submissions, "untouched.ipynb"), true);
        var (again, log) = TransferGuide.Tests.Cli.Tg.Run("grade", course.Submissions, "--release", course.Release, "--out", course.Grades, "--student", "untouched", "--cell-timeout", "20");
        Assert.True(again == 0, log);
        var regraded = File.ReadAllLines(Path.Combine(course.Grades, Gradebook.CsvName));
        Assert.Contains("untouched,2,3,1,6,6", regraded);
        Assert.Contains("loop,2,0,1,3,6", regraded);
    }
}
