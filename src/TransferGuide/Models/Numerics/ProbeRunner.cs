using System.Globalization;
using TransferGuide.Core;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// Runs probes in a child process, <c>tg numerics-probe ID…</c>, so that a probe that kills its process (oneDNN's
/// SIGFPE) becomes a failing verdict instead of a dead run. The child prints one line per probe as it finishes;
/// when it dies, the probe it was running fails with the signal, and a new child takes the rest.
/// </summary>
public static class ProbeRunner
{
    /// <summary>Environment variable naming the probe host (a <c>tg.dll</c> or <c>tg</c> executable) explicitly.</summary>
    public const string HostVariable = "TRANSFERGUIDE_PROBE_HOST";

    /// <summary>Set in the child, so that it never starts children of its own.</summary>
    public const string ChildVariable = "TRANSFERGUIDE_NUMERICS_CHILD";

    /// <summary>Prefix of a verdict line in the child's output.</summary>
    public const string LinePrefix = "numerics-verdict\t";

    /// <summary>The probe host: <c>$TRANSFERGUIDE_PROBE_HOST</c>, else tg.dll beside the app or the library, else the repo's CLI build.</summary>
    public static string? FindHost()
    {
        var explicitHost = Environment.GetEnvironmentVariable(HostVariable);
        if (!string.IsNullOrWhiteSpace(explicitHost)) return File.Exists(explicitHost) ? Path.GetFullPath(explicitHost) : null;
        var libraryDir = Path.GetDirectoryName(typeof(ProbeRunner).Assembly.Location);
        foreach (var dir in new[] { AppContext.BaseDirectory, libraryDir }.OfType<string>())
            if (File.Exists(Path.Combine(dir, "tg.dll"))) return Path.Combine(dir, "tg.dll");
        // A notebook loads src/TransferGuide/bin/<config>/net10.0/TransferGuide.dll: look for the CLI built beside it.
        for (var d = libraryDir is null ? null : new DirectoryInfo(libraryDir); d != null; d = d.Parent)
        {
            var cliBin = Path.Combine(d.FullName, "src", "TransferGuide.Cli", "bin");
            if (!Directory.Exists(cliBin)) continue;
            return Directory.EnumerateFiles(cliBin, "tg.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        }
        return null;
    }

    /// <summary>Runs <paramref name="ids"/> in child processes on <paramref name="host"/> with <paramref name="threads"/> torch threads.</summary>
    public static Dictionary<string, Verdict> Run(string host, IReadOnlyList<string> ids, int threads, TimeSpan timeoutPerProbe, Action<string>? log = null)
    {
        var verdicts = new Dictionary<string, Verdict>();
        var remaining = ids.ToList();
        while (remaining.Count > 0)
        {
            var (results, exitCode, stderr, timedOut) = RunChild(host, remaining, threads, timeoutPerProbe * remaining.Count);
            foreach (var (id, v) in results) { verdicts[id] = v; log?.Invoke($"{id}: {v.Word} ({v.Detail})"); }
            remaining = remaining.Where(id => !verdicts.ContainsKey(id)).ToList();
            if (remaining.Count == 0) break;
            // The child ended before answering the first remaining probe: that probe is the one that killed it.
            var culprit = remaining[0];
            string how = timedOut ? $"timed out after {timeoutPerProbe.TotalSeconds:F0} s"
                : exitCode > 128 ? $"the probe process died with {SignalName(exitCode - 128)} (exit {exitCode})"
                : $"the probe process exited with {exitCode}" + (stderr.Length > 0 ? $": {Last(stderr)}" : "");
            verdicts[culprit] = Verdict.Fail(how);
            log?.Invoke($"{culprit}: FAIL ({how})");
            remaining.RemoveAt(0);
        }
        return verdicts;
    }

    static (Dictionary<string, Verdict>, int, string, bool) RunChild(string host, IReadOnlyList<string> ids, int threads, TimeSpan timeout)
    {
        var (file, prefix) = host.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetHost(), new[] { host }) : (host, []);
        var results = new Dictionary<string, Verdict>();
        // Verdicts are read as they are printed: when the child dies mid-run, those it gave before still count.
        var run = ChildProcess.Run(file, [.. prefix, "numerics-probe", "--threads", threads.ToString(CultureInfo.InvariantCulture), .. ids],
            new ChildOptions { Environment = new Dictionary<string, string?> { [ChildVariable] = "1" }, Timeout = timeout, OnOutputLine = line =>
            {
                if (!line.StartsWith(LinePrefix, StringComparison.Ordinal)) return;
                var parts = line[LinePrefix.Length..].Split('\t');
                if (parts.Length < 5) return;
                double? Num(string t) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
                lock (results) results[parts[0]] = new Verdict(parts[1] == "pass", parts[4], Num(parts[2]), Num(parts[3]));
            } });
        lock (results) return (new(results), run.ExitCode, run.Errors, run.TimedOut);
    }

    /// <summary>The line the child prints for one verdict.</summary>
    public static string Format(string id, Verdict v) => LinePrefix + string.Join('\t', id, v.Passed ? "pass" : "fail",
        v.Milliseconds?.ToString("R", CultureInfo.InvariantCulture) ?? "", v.Error?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        v.Detail.Replace('\t', ' ').Replace('\n', ' '));

    static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }

    static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV", _ => $"signal {signal}",
    };

    static string Last(string text) => text.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
}
