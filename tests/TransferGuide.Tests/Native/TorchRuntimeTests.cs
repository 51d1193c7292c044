namespace TransferGuide.Tests.Native;

public class TorchRuntimeTests
{
    [OldLibStdCxxFact] // skips, saying why, where libstdc++ is GCC 13 or newer: nothing to diagnose there
    public void Loader_reason_names_the_missing_version_for_an_unpatched_copy()
    {
        TorchRuntime.EnsureLoaded(); // its dependencies must already be in the process
        using var dir = new TempDir();
        var copy = SharedData.PristineLibTorchSharp(dir);
        var reason = TorchRuntime.LoaderReason([copy]);
        Assert.NotNull(reason);
        Assert.Contains("GLIBCXX_3.4.32", reason);
    }

    [Fact]
    public void Reports_threads_and_libstdcxx_level()
    {
        var status = TorchRuntime.EnsureLoaded();
        Assert.True(status.Threads >= 1);
        var (path, newest) = TorchRuntime.LibStdCxxLevel();
        Assert.NotNull(path);
        Assert.StartsWith("GLIBCXX_3.4.", newest);
    }
}
