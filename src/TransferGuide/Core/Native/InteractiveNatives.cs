using System.Runtime.InteropServices;
using TorchSharp;

namespace TransferGuide.Core.Native;

/// <summary>
/// Makes a notebook load the libtorch that ships with the TorchSharp packages, not another one on the machine.
/// </summary>
/// <remarks>
/// In a notebook TorchSharp first asks the loader for a bare <c>torch_cpu</c>. On a machine where a system
/// libtorch exists (Debian's python3-torch puts libtorch_cpu.so and libc10.so in /usr/lib) that older copy
/// loads, and libLibTorchSharp.so then binds to its libc10.so and fails with an undefined c10 symbol.
/// Loading the package's own libraries first by full path wins, because the loader reuses a library already
/// loaded under the same soname. An application has its natives beside it and needs none of this.
/// </remarks>
public static class InteractiveNatives
{
    /// <summary>The backend the notebook setup chose ("cpu" or "cuda"); it sets this variable in its process.</summary>
    public const string BackendVariable = "TRANSFERGUIDE_BACKEND";

    /// <summary>Libraries in load order (each depends only on those before it).</summary>
    static readonly string[] Order = ["libgomp*.so*", "libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>
    /// When TorchSharp was loaded from a NuGet package folder (a notebook), loads libtorch from the
    /// package cache by full path. Returns what it did, for <see cref="TorchStatus.Actions"/>.
    /// </summary>
    public static IReadOnlyList<string> Preload()
    {
        // A CUDA session loads libtorch from the CUDA packages; a CPU libtorch left in the cache must not win.
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Environment.GetEnvironmentVariable(BackendVariable)?.Trim().ToLowerInvariant() == "cuda")
            return [];
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (string.IsNullOrEmpty(torchDir) || File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so"))) return [];
        var folder = NativeFolder(torchDir);
        if (folder == null) return [];
        var done = new List<string>();
        foreach (var pattern in Order)
            foreach (var file in Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal))
                done.Add(NativeLibrary.TryLoad(file, out _) ? $"preloaded {file}" : $"could not preload {file}");
        return done;
    }

    /// <summary>
    /// The folder holding the package's libtorch for a TorchSharp.dll in <c>&lt;packages&gt;/torchsharp/&lt;ver&gt;/lib/&lt;tfm&gt;</c>:
    /// TorchSharp's own consolidated <c>cpu/</c> copy if it exists, else the newest libtorch-cpu-linux-x64 package.
    /// Null when TorchSharp does not sit in a package folder.
    /// </summary>
    public static string? NativeFolder(string torchDir)
    {
        var consolidated = Path.Combine(torchDir, "cpu");
        if (File.Exists(Path.Combine(consolidated, "libtorch_cpu.so"))) return consolidated;
        var packages = Directory.GetParent(torchDir)?.Parent?.Parent?.Parent;
        if (packages == null || !string.Equals(Directory.GetParent(torchDir)?.Parent?.Parent?.Name, "torchsharp", StringComparison.OrdinalIgnoreCase))
            return null;
        var libtorch = Path.Combine(packages.FullName, "libtorch-cpu-linux-x64");
        if (!Directory.Exists(libtorch)) return null;
        return Directory.GetDirectories(libtorch)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
            .Where(x => x.Version != null)
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "runtimes", "linux-x64", "native"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
    }
}
