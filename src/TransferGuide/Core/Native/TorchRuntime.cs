using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace TransferGuide.Core.Native;

/// <summary>What <see cref="TorchRuntime.Check"/> found about the native Torch backend.</summary>
/// <param name="Loaded">Whether TorchSharp's native library loaded and a tensor op ran.</param>
/// <param name="Reason">When it did not load: the real cause (from the dynamic loader), else null.</param>
/// <param name="LibTorchSharpPaths">The libLibTorchSharp.so copies looked at.</param>
/// <param name="Actions">What was done to make them loadable (patches applied or skipped).</param>
/// <param name="CudaAvailable">Whether CUDA is usable.</param>
/// <param name="Threads">torch's intra-op thread count.</param>
public sealed record TorchStatus(bool Loaded, string? Reason, IReadOnlyList<string> LibTorchSharpPaths,
    IReadOnlyList<string> Actions, bool CudaAvailable, int Threads);

/// <summary>
/// Makes TorchSharp load on Linux distributions whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04),
/// and reports the real reason when it does not. Call <see cref="EnsureLoaded"/> before the first tensor;
/// every entry point of the kit does.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static TorchStatus? _status;

    /// <summary>
    /// Fixes the native library copies TorchSharp may load (next to the app, and in the NuGet cache that
    /// notebooks load from), then loads the backend. Throws with the loader's own message on failure.
    /// </summary>
    public static TorchStatus EnsureLoaded()
    {
        var status = Check();
        if (!status.Loaded)
            throw new InvalidOperationException(
                "TorchSharp's native backend did not load: " + status.Reason +
                " Run `tg doctor` for details. On Linux CPU the kit needs the TorchSharp and libtorch-cpu-linux-x64 " +
                "packages (the default TorchBackend=cpu-linux).");
        return status;
    }

    /// <summary>Like <see cref="EnsureLoaded"/> but reports instead of throwing. Runs once per process.</summary>
    public static TorchStatus Check()
    {
        lock (Gate)
        {
            if (_status != null) return _status;
            var actions = new List<string> { HeapTuning.Describe() };
            var paths = CandidateNativePaths().ToList();
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                foreach (var path in paths)
                {
                    try { actions.Add(ElfVersionNeeds.FixTorchSharpNative(path)); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
                    { actions.Add($"could not fix {path}: {e.Message}"); }
                }

            actions.AddRange(InteractiveNatives.Preload());

            bool loaded = false;
            string? reason = null;
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
                using var probe = torch.ones(2, 2).sum();
                loaded = probe.item<float>() == 4f;
            }
            catch (Exception e)
            {
                reason = LoaderReason(paths) ?? e.Message;
            }
            bool cuda = false;
            int threads = 0;
            if (loaded)
            {
                try { cuda = torch.cuda.is_available(); } catch (Exception) { cuda = false; }
                threads = torch.get_num_threads();
            }
            _status = new TorchStatus(loaded, reason, paths, actions, cuda, threads);
            return _status;
        }
    }

    /// <summary>
    /// Where TorchSharp looks for libLibTorchSharp.so: next to the application, next to TorchSharp.dll,
    /// in its cpu/ fallback folder, and in the TorchSharp package's runtimes folder (the source of the
    /// copy TorchSharp makes when a notebook loads it from the NuGet cache).
    /// </summary>
    public static IEnumerable<string> CandidateNativePaths()
    {
        const string name = "libLibTorchSharp.so";
        var dirs = new List<string> { AppContext.BaseDirectory };
        string? torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir))
        {
            dirs.Add(torchDir);
            dirs.Add(Path.Combine(torchDir, "cpu"));
            dirs.Add(Path.Combine(torchDir, "cuda"));
            // <package>/lib/<tfm>/TorchSharp.dll -> <package>/runtimes/<rid>/native
            var packageRoot = Directory.GetParent(torchDir)?.Parent?.FullName;
            if (packageRoot != null) dirs.Add(Path.Combine(packageRoot, "runtimes", RuntimeIdentifier(), "native"));
        }
        var rid = RuntimeIdentifier();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in dirs)
            foreach (var candidate in new[] { Path.Combine(dir, name), Path.Combine(dir, "runtimes", rid, "native", name) })
            {
                var full = Path.GetFullPath(candidate);
                if (File.Exists(full) && seen.Add(full)) yield return full;
            }
    }

    static string RuntimeIdentifier() =>
        RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>
    /// TorchSharp's own message blames a missing package reference whatever went wrong. Ask the dynamic
    /// loader directly: dlerror() names the missing version or library.
    /// </summary>
    internal static string? LoaderReason(IEnumerable<string> paths)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
        var first = paths.FirstOrDefault();
        if (first == null)
            return "libLibTorchSharp.so was not found next to the application or in the TorchSharp package. " +
                   "Restore the TorchSharp and libtorch-cpu-linux-x64 packages (dotnet restore).";
        // Check the version needs against this process's libstdc++ first: dlopen may succeed or fail
        // for other reasons once another copy of the library is loaded.
        var libstdcxx = ElfVersionNeeds.FindProcessLibStdCxx();
        if (libstdcxx != null)
        {
            try
            {
                var defined = ElfVersionNeeds.ReadVersionDefinitions(libstdcxx).ToHashSet(StringComparer.Ordinal);
                var missing = ElfVersionNeeds.ReadVersionNeeds(first)
                    .Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !defined.Contains(n.Version))
                    .Select(n => n.Version).ToList();
                if (missing.Count > 0)
                    return $"{libstdcxx}: version `{string.Join("', `", missing)}' not found (required by {first}). " +
                           "The kit marks that need weak when it loads or builds; if this persists the file is read-only: rebuild, or make it writable.";
            }
            catch (Exception e) when (e is IOException or InvalidDataException) { }
        }
        try
        {
            IntPtr handle = dlopen(first, 2 /* RTLD_NOW */);
            if (handle != IntPtr.Zero) { dlclose(handle); return null; }
            return Marshal.PtrToStringUTF8(dlerror());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The libstdc++ this process uses and the newest GLIBCXX version it provides.</summary>
    public static (string? Path, string? NewestGlibcxx) LibStdCxxLevel()
    {
        var path = ElfVersionNeeds.FindProcessLibStdCxx();
        if (path == null) return (null, null);
        var newest = ElfVersionNeeds.ReadVersionDefinitions(path)
            .Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal))
            .OrderBy(v => Version.TryParse(v["GLIBCXX_".Length..], out var ver) ? ver : new Version(0, 0))
            .LastOrDefault();
        return (path, newest);
    }

    [DllImport("libc", EntryPoint = "dlopen")] static extern IntPtr dlopen(string file, int mode);
    [DllImport("libc", EntryPoint = "dlerror")] static extern IntPtr dlerror();
    [DllImport("libc", EntryPoint = "dlclose")] static extern int dlclose(IntPtr handle);
}
