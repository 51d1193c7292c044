using TransferGuide.Cli.Grading;

namespace TransferGuide.Tests.Grading;

/// <summary>The sandbox's command line, and "not done yet" after a placeholder ran.</summary>
[Collection(PendingExercises.Name)]
public sealed class SandboxAndPendingTests : IDisposable
{
    readonly StringWriter _out = new();

    public SandboxAndPendingTests() { Exercise.Output = _out; Exercise.Strict = false; }

    public void Dispose() { Exercise.Output = null; Exercise.Strict = null; }

    [Fact]
    public void A_value_exercise_whose_placeholder_threw_reports_not_done_yet_once_then_checks_normally()
    {
        Assert.IsType<NotImplementedException>(Exercise.Todo("w97.answer")); // the release's exercise cell throws this
        Assert.StartsWith("not done yet", Exercise.Check("w97.answer", 0 == 42, "Read the instructions.").Message);
        // The student fills the cell in and runs it; its next check is a real one.
        Assert.True(Exercise.Check("w97.answer", 42 == 42, "Read the instructions.").Passed);
        Assert.StartsWith("not done yet", Exercise.Check("w97.twice", () => throw Exercise.Todo("w97.twice"), "hint").Message);
        Assert.True(Exercise.Check("w97.twice", () => true, "hint").Passed); // the mark went with that report
        Exercise.Todo("w97.range");
        Assert.StartsWith("not done yet", Exercise.CheckRange("w97.range", "accuracy", 0, 0.8, 1, "hint").Message);
    }

    [Fact]
    public void With_namespaces_the_course_and_other_folders_are_hidden_deepest_first_and_the_caps_wrap_the_command()
    {
        var sandbox = new Sandbox(Namespaces: true, NetworkOnly: false, Prlimit: "/usr/bin/prlimit", Ip: "/usr/sbin/ip");
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("course", "grades"));
        var (file, args) = sandbox.Wrap(dir.Combine("s", "alice"), dir.Combine("jail"), dir.Combine("course", "src"), "month1",
            [dir.Combine("course"), dir.Combine("course", "grades")], new GradingLimits(MemoryMb: 1024), ["python3", "-c", "x"]);
        Assert.Equal("unshare", file);
        Assert.Equal(["-rmnpf", "--kill-child", "--mount-proc", "sh", "-c"], args.Take(5));
        var script = args[5];
        Assert.Contains("link set lo up", script);
        Assert.Contains($"mount --rbind '{dir.Combine("s", "alice")}' '{dir.Combine("jail")}'", script);
        int inner = script.IndexOf($"tg-hidden '{dir.Combine("course", "grades")}'", StringComparison.Ordinal);
        int outer = script.IndexOf($"tg-hidden '{dir.Combine("course")}'", StringComparison.Ordinal);
        Assert.True(inner >= 0 && outer > inner, script); // the outer mount would hide the inner path
        Assert.Contains("'--data=1073741824'", script);
        Assert.EndsWith("'python3' '-c' 'x'", script);
        Assert.Contains(sandbox.Applied(new GradingLimits()), a => a.StartsWith("no network"));
        Assert.Contains(new Sandbox(false, false, null, null).Applied(new GradingLimits()), a => a.StartsWith("NO memory cap"));
    }
}

/// <summary>Tests that use Exercise's process-wide output run one at a time with the other exercise tests.</summary>
[CollectionDefinition(Name)]
public sealed class PendingExercises
{
    public const string Name = "Exercise output";
}
