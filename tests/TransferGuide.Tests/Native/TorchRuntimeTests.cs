using TransferGuide.Native;

namespace TransferGuide.Tests.Native;

public class TorchRuntimeTests
{
    [Fact]
    public void Loader_reason_names_the_missing_version_for_an_unpatched_copy()
    {
        var libstdcxx = ElfVersionNeeds.FindProcessLibStdCxx()!;
        if (ElfVersionNeeds.Defines(libstdcxx, ElfVersionNeeds.TorchSharpGlibcxxVersion)) return; // nothing to diagnose on GCC 13+ systems
        TorchRuntime.EnsureLoaded(); // its dependencies must already be in the process
        using var dir = new TempDir();
        // The extracted runtimes/ copy in the NuGet cache is patched in place once a notebook has loaded
        // TorchSharp from there (TorchRuntime does that on purpose), so take the pristine file from the package.
        var package = Path.Combine(SharedData.NuGetPackages, "torchsharp", "0.107.0", "torchsharp.0.107.0.nupkg");
        var copy = dir.Combine("libLibTorchSharp.so");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.ExtractToFile(copy);
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
