using System.Runtime.InteropServices;
using System.Text;

namespace TransferGuide.Core.Native;

/// <summary>
/// Runs the kit's processes with two glibc malloc tunables: a fixed 4 MB mmap threshold, and transparent huge pages
/// for what malloc maps. glibc serves requests below its mmap threshold from the heap and, after the first large
/// free, raises that threshold to 32 MB; training activations (3–25 MB each for a ResNet18 batch of 32 at 224 px)
/// then come from a heap whose freed holes are rarely returned, and one fp32 training step peaked at 2.0–2.3 GB
/// resident. With the fixed threshold every such buffer is mapped and returned on free: 1.44–1.45 GB. Mapping
/// alone cost 25–35% of the step's speed in page faults; huge pages bring that back to about 7% (tg bench, 1 Dec
/// 2026; docs/performance.md). Tunables are read once when a process starts, so <c>tg</c> restarts itself in place
/// (execve: same process id, same terminal) with them set; a host that started without them keeps glibc's defaults.
/// </summary>
public static class HeapTuning
{
    /// <summary>Environment variable: "off" keeps glibc's own malloc settings.</summary>
    public const string Variable = "TRANSFERGUIDE_HEAP_TUNING";

    /// <summary>The glibc tunables the kit runs with (GLIBC_TUNABLES syntax).</summary>
    public const string Tunables = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304";

    const string GlibcVariable = "GLIBC_TUNABLES";

    /// <summary>Whether this process started with the kit's tunables.</summary>
    public static bool Active => Environment.GetEnvironmentVariable(GlibcVariable)?.Contains("glibc.malloc.mmap_threshold", StringComparison.Ordinal) == true;

    /// <summary>Whether the user turned the tuning off.</summary>
    public static bool Disabled => string.Equals(Environment.GetEnvironmentVariable(Variable)?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>One line for <c>tg doctor</c> and the load report.</summary>
    public static string Describe() =>
        !OperatingSystem.IsLinux() ? "heap tuning: not Linux, nothing to do"
        : Active ? $"heap tuning: glibc malloc maps buffers of 4 MB and more, with huge pages ({GlibcVariable}={Environment.GetEnvironmentVariable(GlibcVariable)})"
        : Disabled ? $"heap tuning: off ({Variable}=off); glibc's defaults"
        : Environment.GetEnvironmentVariable(GlibcVariable) is { } own ? $"heap tuning: your {GlibcVariable}={own} is kept"
        : $"heap tuning: not active in this process (tg sets it itself; for a notebook, start Jupyter with {GlibcVariable}={Tunables})";

    /// <summary>
    /// For entry points such as <c>tg</c>'s Main, before anything else runs: on Linux with glibc, restarts this process
    /// in place with <see cref="Tunables"/> added to its environment. Returns (and the process goes on as it is) when
    /// the tunables or any other GLIBC_TUNABLES are already set, when <see cref="Variable"/>=off, or when the restart fails.
    /// </summary>
    public static void RestartWithTunables()
    {
        if (!OperatingSystem.IsLinux() || Disabled || Environment.GetEnvironmentVariable(GlibcVariable) != null) return;
        try
        {
            if (!File.Exists("/proc/self/cmdline")) return;
            var exe = new FileInfo("/proc/self/exe").LinkTarget;
            var argv = CommandLine(File.ReadAllBytes("/proc/self/cmdline"));
            if (exe == null || argv.Count == 0) return;
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
            Execve(exe, [.. argv, null], [.. WithTunables(env).Select(kv => $"{kv.Key}={kv.Value}"), null]);
            // execve returns only when it failed; the process simply goes on with glibc's defaults.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>The arguments recorded in /proc/self/cmdline (NUL-separated).</summary>
    public static IReadOnlyList<string> CommandLine(byte[] cmdline) =>
        Encoding.UTF8.GetString(cmdline).Split('\0').SkipLast(cmdline.Length > 0 && cmdline[^1] == 0 ? 1 : 0).ToList();

    /// <summary>The environment with <see cref="Tunables"/> added.</summary>
    public static IDictionary<string, string?> WithTunables(IDictionary<string, string?> environment) =>
        new Dictionary<string, string?>(environment) { [GlibcVariable] = Tunables };

    /// <summary>
    /// The changes to a child's environment (<see cref="ChildOptions.Environment"/>; null removes a variable) that
    /// take the kit's tunables away and stop it restarting with them, so that a peer in a benchmark runs as its users
    /// would run it. A user's own GLIBC_TUNABLES is kept.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PlainHeap() => PlainHeap(Environment.GetEnvironmentVariable(GlibcVariable));

    /// <summary>As <see cref="PlainHeap()"/>, for a parent whose GLIBC_TUNABLES is <paramref name="glibcTunables"/>.</summary>
    public static IReadOnlyDictionary<string, string?> PlainHeap(string? glibcTunables) => glibcTunables == Tunables
        ? new Dictionary<string, string?> { [GlibcVariable] = null, [Variable] = "off" }
        : new Dictionary<string, string?> { [Variable] = "off" };

    [DllImport("libc.so.6", EntryPoint = "execve", SetLastError = true)]
    static extern int Execve(string path, string?[] argv, string?[] envp);
}
