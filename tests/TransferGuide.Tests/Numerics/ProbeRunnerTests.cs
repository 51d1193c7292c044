namespace TransferGuide.Tests.Numerics;

/// <summary>Probes run in child processes: a crash is a failing verdict, and the other probes still run.</summary>
public class ProbeRunnerTests
{
    [Fact]
    public void A_probe_that_dies_with_sigfpe_fails_and_a_new_child_runs_the_rest()
    {
        var host = ProbeRunner.FindHost();
        Assert.True(host != null, "tg.dll should sit beside the tests (the test project references the CLI)");
        var verdicts = ProbeRunner.Run(host!, ["selftest/pass", "selftest/sigfpe", "selftest/pass"], threads: 1, TimeSpan.FromMinutes(2));
        Assert.True(verdicts["selftest/pass"].Passed);
        var crashed = verdicts["selftest/sigfpe"];
        Assert.False(crashed.Passed);
        Assert.Contains("SIGFPE", crashed.Detail);
        Assert.Contains("exit 136", crashed.Detail);
    }

    [Fact]
    public void Verdicts_are_kept_per_machine_fingerprint()
    {
        using var dir = new TempDir();
        var here = MachineFingerprint.Current(threads: 2);
        var store = new VerdictStore(here, dir.Path);
        store.Save(new Dictionary<string, Verdict> { ["features/fp32-cl"] = Verdict.Fail("wrong by 0.24") });
        Assert.False(new VerdictStore(here, dir.Path).Load()["features/fp32-cl"].Passed);
        // Another CPU, library build or thread count is another machine: nothing carries over.
        Assert.Empty(new VerdictStore(here with { Threads = 1 }, dir.Path).Load());
        Assert.Empty(new VerdictStore(here with { LibTorch = "another build" }, dir.Path).Load());
        Assert.NotEqual(here.Hash(), (here with { Cpu = "another CPU" }).Hash());
    }

    [Fact]
    public void An_unreadable_verdict_file_means_probe_again()
    {
        using var dir = new TempDir();
        var store = new VerdictStore(MachineFingerprint.Current(threads: 2), dir.Path);
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(store.FilePath, "{ not json");
        Assert.Empty(store.Load());
    }
}
