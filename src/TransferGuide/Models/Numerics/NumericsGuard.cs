using System.Collections.Concurrent;
using TransferGuide.Core.Native;
using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Models.Numerics;

/// <summary>
/// The kit never runs a fast path it has not seen give the right answer on this machine. For each choice (feature
/// extraction; training or inference of one architecture) it probes the candidate paths and takes the fastest one
/// whose probe passed, in the speed order <c>tg bench</c> measured. Probes run once per machine fingerprint (<see cref="MachineFingerprint"/>) in a child
/// process (<see cref="ProbeRunner"/>), and their verdicts are cached on disk (<see cref="VerdictStore"/>), so later
/// runs pay nothing. Every choice made is recorded in <see cref="PathsUsed"/>, which each run's metrics.json keeps.
/// CUDA runs are not guarded (the probes are for CPU kernels).
/// </summary>
public static class NumericsGuard
{
    /// <summary>Comma-separated path ids (a <c>*</c> matches any run of characters) whose probes are treated as failed: for tests and for ruling a path out by hand.</summary>
    public const string FailVariable = "TRANSFERGUIDE_NUMERICS_FAIL";

    static readonly object Gate = new();
    static readonly ConcurrentDictionary<string, Verdict> Known = new();
    static readonly ConcurrentDictionary<string, string> Used = new();
    static Func<string, Verdict?>? _injected;

    /// <summary>Receives one line per probe as it finishes (e.g. the CLI's console); null for silence.</summary>
    public static Action<string>? Log { get; set; }

    /// <summary>The choices made in this process: "features: fp32-cl-fixed", "train resnet18_imagenet: cl-fixed", ….</summary>
    public static IReadOnlyList<string> PathsUsed => Used.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}").ToList();

    /// <summary>The fastest feature-extraction path that passed; <paramref name="allowBf16"/> false keeps features in float32.</summary>
    public static NumericsPath FeaturePath(bool allowBf16 = true) =>
        Choose("features", NumericsPath.FeatureCandidates(allowBf16 && FrozenResNetOptions.CpuHasNativeBFloat16()));

    /// <summary>The fastest training path of <paramref name="architecture"/> that passed, channels-last first when wanted.</summary>
    public static NumericsPath TrainingPath(string architecture, bool channelsLast) =>
        Choose($"train {architecture}", NumericsPath.TrainingCandidates(architecture, channelsLast));

    /// <summary>The fastest inference path (plain NCHW weights) of <paramref name="architecture"/> that passed.</summary>
    public static NumericsPath InferencePath(string architecture) =>
        Choose($"inference {architecture}", NumericsPath.InferenceCandidates(architecture));

    /// <summary>
    /// Applies <paramref name="path"/> to <paramref name="model"/> until disposed: its convolution rewrites, and oneDNN
    /// switched off when the path needs it. Null on CUDA, where nothing is guarded. Layout is the caller's (the
    /// learner's channels-last scope).
    /// </summary>
    public static IDisposable? Apply(NumericsPath path, nn.Module model)
    {
        var fixes = path.Fixes.Install(model);
        var off = path.OneDnnOff ? OneDnn.Disable() : null;
        return new Both(fixes, off);
    }

    /// <summary>Every path id the guard knows (for <c>tg numerics-probe</c> and <c>tg doctor</c>).</summary>
    public static IEnumerable<NumericsPath> AllPaths()
    {
        foreach (var p in NumericsPath.FeatureCandidates(true)) yield return p;
        foreach (var spec in ModelZoo.Available)
        {
            foreach (var p in NumericsPath.TrainingCandidates(spec.Id, true)) yield return p;
            foreach (var p in NumericsPath.InferenceCandidates(spec.Id)) yield return p;
        }
    }

    /// <summary>The path with this id, or null.</summary>
    public static NumericsPath? Find(string id) => AllPaths().FirstOrDefault(p => p.Id == id);

    /// <summary>The verdicts of <paramref name="paths"/>, probing those not yet known (all of them in one child process).</summary>
    public static IReadOnlyDictionary<string, Verdict> Verdicts(IReadOnlyList<NumericsPath> paths)
    {
        var result = new Dictionary<string, Verdict>();
        var todo = new List<NumericsPath>();
        foreach (var p in paths)
        {
            if (Injected(p.Id) is { } v) result[p.Id] = v;
            else if (p.IsReference) result[p.Id] = new Verdict(true, "reference (native kernels)", Source: "reference");
            else if (Known.TryGetValue(p.Id, out var k)) result[p.Id] = k;
            else todo.Add(p);
        }
        if (todo.Count == 0) return result;
        lock (Gate)
        {
            var store = Store();
            using var fileLock = store.Lock(TimeSpan.FromMinutes(20));
            var saved = store.Load();
            var missing = todo.Where(p => !saved.ContainsKey(p.Id)).Select(p => p.Id).ToList();
            if (missing.Count > 0)
            {
                var fresh = Probe(missing);
                store.Save(fresh);
                foreach (var (id, v) in fresh) saved[id] = v;
            }
            foreach (var p in todo)
            {
                var v = saved[p.Id] with { Source = missing.Contains(p.Id) ? "probe" : "cache" };
                Known[p.Id] = v;
                result[p.Id] = v;
            }
        }
        return result;
    }

    static NumericsPath Choose(string choice, IReadOnlyList<NumericsPath> candidates)
    {
        // Probe the whole list at once: one child process instead of one per failing candidate.
        var verdicts = Verdicts(candidates);
        var chosen = Preferred(candidates, verdicts);
        Used[choice] = chosen.Variant;
        return chosen;
    }

    /// <summary>
    /// The first candidate that passed, in the list's order, which is the speed order <c>tg bench</c> measured (at
    /// batch 32); the reference only when nothing else passed. The probes' own timings (batch 2, one machine that
    /// may be busy) are shown by <c>tg doctor</c> but too noisy to choose by: on ResNet18 channels-last with the
    /// rewrites and NCHW timed within 1% in a probe, while the real step differs by 1.26x.
    /// </summary>
    public static NumericsPath Preferred(IReadOnlyList<NumericsPath> candidates, IReadOnlyDictionary<string, Verdict> verdicts) =>
        candidates.FirstOrDefault(c => !c.IsReference && verdicts[c.Id].Passed) ?? candidates.First(c => c.IsReference);

    static Dictionary<string, Verdict> Probe(IReadOnlyList<string> ids)
    {
        int threads = get_num_threads();
        var host = Environment.GetEnvironmentVariable(ProbeRunner.ChildVariable) == "1" ? null : ProbeRunner.FindHost();
        if (host != null)
        {
            try { return ProbeRunner.Run(host, ids, threads, TimeSpan.FromMinutes(5), Log); }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Say($"numerics guard: could not start the probe host {host} ({e.Message}); probing in this process.");
            }
        }
        else Say("numerics guard: no probe host (tg.dll) found, so probes run in this process and one that crashes ends it. " +
                 "Build src/TransferGuide.Cli (dotnet build), or set " + ProbeRunner.HostVariable + " to its tg.dll.");
        var verdicts = new Dictionary<string, Verdict>();
        foreach (var id in ids) { verdicts[id] = NumericsProbes.Run(id); Log?.Invoke($"{id}: {verdicts[id].Word} ({verdicts[id].Detail})"); }
        return verdicts;
    }

    static void Say(string message)
    {
        if (Log != null) Log(message);
        else Console.Error.WriteLine(message);
    }

    /// <summary>This process's verdict store.</summary>
    public static VerdictStore Store() => new(MachineFingerprint.Current(TorchRuntime.EnsureLoaded().Threads > 0 ? get_num_threads() : 1));

    /// <summary>Treats the probes of matching ids as answered by <paramref name="probe"/> (null: ask the real probe) until disposed. Injected verdicts are never saved.</summary>
    public static IDisposable Inject(Func<string, Verdict?> probe)
    {
        lock (Gate)
        {
            var before = _injected;
            _injected = probe;
            Known.Clear();
            return new Callback(() => { lock (Gate) { _injected = before; Known.Clear(); } });
        }
    }

    /// <summary>Forgets the verdicts held in memory (the disk cache stays).</summary>
    public static void Reset() { Known.Clear(); Used.Clear(); }

    static Verdict? Injected(string id)
    {
        if (_injected?.Invoke(id) is { } v) return v with { Source = "injected" };
        var patterns = Environment.GetEnvironmentVariable(FailVariable);
        if (string.IsNullOrWhiteSpace(patterns)) return null;
        foreach (var pattern in patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, id, ignoreCase: false))
                return Verdict.Fail($"ruled out by {FailVariable}", "injected");
        return null;
    }

    sealed class Both(IDisposable a, IDisposable? b) : IDisposable
    {
        public void Dispose() { b?.Dispose(); a.Dispose(); }
    }

    sealed class Callback(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
