namespace TransferGuide.Tests.Native;

/// <summary>The glibc malloc tunables tg restarts itself with (see <see cref="HeapTuning"/>).</summary>
public class HeapTuningTests
{
    [Fact]
    public void The_command_line_is_read_back_exactly_from_proc()
    {
        var raw = "dotnet\0tg.dll\0train\0--data\0my photos/ünï\0\0"u8.ToArray();
        Assert.Equal(["dotnet", "tg.dll", "train", "--data", "my photos/ünï", ""], HeapTuning.CommandLine(raw));
    }

    [Fact]
    public void The_restart_adds_the_tunables_and_keeps_everything_else()
    {
        var env = new Dictionary<string, string?> { ["PATH"] = "/usr/bin", ["TRANSFERGUIDE_DATA"] = "/data" };
        var restarted = HeapTuning.WithTunables(env);
        Assert.Equal(HeapTuning.Tunables, restarted["GLIBC_TUNABLES"]);
        Assert.Equal("/usr/bin", restarted["PATH"]);
        Assert.Equal("/data", restarted["TRANSFERGUIDE_DATA"]);
        Assert.False(env.ContainsKey("GLIBC_TUNABLES"));
        Assert.Contains("glibc.malloc.mmap_threshold=4194304", HeapTuning.Tunables);
        Assert.Contains("glibc.malloc.hugetlb=1", HeapTuning.Tunables);
    }

    [Fact]
    public void A_benchmark_peer_runs_without_the_kits_tunables_but_keeps_the_users_own()
    {
        var kit = HeapTuning.PlainHeap(HeapTuning.Tunables);
        Assert.True(kit.TryGetValue("GLIBC_TUNABLES", out var removed) && removed == null); // null: the child runs without it
        Assert.Equal("off", kit[HeapTuning.Variable]); // so a tg peer does not restart itself with them either
        Assert.False(kit.ContainsKey("PATH"));

        var users = HeapTuning.PlainHeap("glibc.malloc.arena_max=2");
        Assert.False(users.ContainsKey("GLIBC_TUNABLES")); // the user's own is inherited as it is
        Assert.Equal("off", users[HeapTuning.Variable]);
    }

    [Fact]
    public void Loading_torch_reports_the_heap_settings_once_for_doctor()
    {
        var status = TorchRuntime.EnsureLoaded();
        var line = Assert.Single(status.Actions, a => a.StartsWith("heap tuning:", StringComparison.Ordinal));
        // The test host was not started by tg, so the tunables are only active if the environment already had them.
        Assert.Equal(HeapTuning.Active, line.Contains("maps buffers of 4 MB", StringComparison.Ordinal));
    }
}
