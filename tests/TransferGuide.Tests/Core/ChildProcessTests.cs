namespace TransferGuide.Tests.Core;

/// <summary>The one process runner: output, exit codes (a signal included), environment, timeouts and a missing program.</summary>
public class ChildProcessTests
{
    [Fact]
    public void Output_and_errors_come_back_apart_and_together_in_order()
    {
        var run = ChildProcess.Run("/bin/sh", ["-c", "echo one; echo two >&2; sleep 0.2; echo three; exit 3"]);
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("one\nthree\n", run.Output);
        Assert.Equal("two\n", run.Errors);
        Assert.Equal("one\ntwo\nthree\n", run.Combined);
        Assert.False(run.TimedOut);
    }

    [Fact]
    public void Carriage_returns_end_lines_unless_kept_for_a_reader_of_progress_bars()
    {
        const string script = "printf '1/3\\r2/3\\r3/3\\r\\nnext\\r\\nlast'; printf 'e\\r1\\n' >&2";
        var split = ChildProcess.Run("/bin/sh", ["-c", script]);
        Assert.Equal("1/3\n2/3\n3/3\nnext\nlast\n", split.Output);
        var kept = ChildProcess.Run("/bin/sh", ["-c", script], new ChildOptions { KeepCarriageReturns = true });
        Assert.Equal("1/3\r2/3\r3/3\nnext\nlast\n", kept.Output);
        Assert.Equal("e\r1\n", kept.Errors);
    }

    [Fact]
    public void A_child_killed_by_a_signal_is_a_result_with_128_plus_the_signal()
    {
        var run = ChildProcess.Run("/bin/sh", ["-c", "echo before; kill -FPE $$"]);
        Assert.Equal(136, run.ExitCode); // SIGFPE, as oneDNN ends a probe
        Assert.Equal("before\n", run.Output);
    }

    [Fact]
    public void Environment_changes_set_and_remove_variables_for_the_child_only()
    {
        Environment.SetEnvironmentVariable("TG_CHILD_TEST_REMOVE", "here");
        try
        {
            var run = ChildProcess.Run("/bin/sh", ["-c", "echo \"${TG_CHILD_TEST_SET}|${TG_CHILD_TEST_REMOVE:-gone}\""],
                new ChildOptions { Environment = new Dictionary<string, string?> { ["TG_CHILD_TEST_SET"] = "set", ["TG_CHILD_TEST_REMOVE"] = null } });
            Assert.Equal("set|gone\n", run.Output);
            Assert.Equal("here", Environment.GetEnvironmentVariable("TG_CHILD_TEST_REMOVE"));
        }
        finally { Environment.SetEnvironmentVariable("TG_CHILD_TEST_REMOVE", null); }
    }

    [Fact]
    public void A_child_past_its_timeout_is_killed_and_says_so()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = ChildProcess.Run("/bin/sh", ["-c", "echo started; sleep 30"], new ChildOptions { Timeout = TimeSpan.FromSeconds(1) });
        Assert.True(run.TimedOut);
        Assert.Equal(-1, run.ExitCode);
        Assert.Equal("started\n", run.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Lines_arrive_while_the_child_runs_and_its_id_can_be_signalled()
    {
        var seen = new List<string>();
        // TERM, not INT: a shell cannot trap a signal ignored when it started, and a test run launched in the background
        // without job control (nohup ... &) starts every child with INT ignored.
        var child = ChildProcess.Start("/bin/sh", ["-c", "trap 'echo stopping; exit 143' TERM; echo ready; while true; do sleep 0.1; done"],
            new ChildOptions { OnOutputLine = line => { lock (seen) seen.Add(line); }, Timeout = TimeSpan.FromSeconds(60) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(20) && !seen.Contains("ready")) Thread.Sleep(20);
        Assert.Equal(0, ChildProcess.Run("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        var run = child.Wait();
        Assert.Equal(143, run.ExitCode); // the child's own exit code, not a kill by the runner
        Assert.Equal("ready\nstopping\n", run.Output);
    }

    [Fact]
    public void Cancelling_kills_the_child_and_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Assert.ThrowsAny<OperationCanceledException>(() => ChildProcess.Run("/bin/sh", ["-c", "sleep 30"], cancel: cancel.Token));
    }

    [Fact]
    public void A_program_that_does_not_exist_throws_at_start()
    {
        Assert.Throws<System.ComponentModel.Win32Exception>(() => ChildProcess.Run("/nonexistent/tg-no-such-program", []));
    }
}
