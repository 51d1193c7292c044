namespace TransferGuide.Cli.Grading;

/// <summary>The caps each graded submission runs under.</summary>
/// <param name="WallSeconds">Wall time for one submitted notebook's run; past it the process tree is killed.</param>
/// <param name="CellTimeoutSeconds">Wall time for one cell; past it the cell fails and the kernel starts afresh.</param>
/// <param name="MemoryMb">Writable memory of each process (RLIMIT_DATA).</param>
/// <param name="OutputChars">Output kept per cell.</param>
public sealed record GradingLimits(int WallSeconds = 600, int CellTimeoutSeconds = 120, int MemoryMb = 4096, int OutputChars = 20_000)
{
    /// <summary>Largest file a submission may write (RLIMIT_FSIZE), in MB.</summary>
    public const int FileMb = 256;
}

/// <summary>
/// The isolation Linux offers here, found once: <c>unshare</c> with user, mount, network and PID namespaces (a
/// network with loopback only; the course, the submissions and the results hidden under empty tmpfs mounts; the
/// student's scratch folder the only one in sight), and <c>prlimit</c> for memory and file size. Whatever is
/// missing is reported, not faked: <see cref="Applied"/> says what each run really got. (<c>systemd-run --user
/// --scope</c> needs a user session bus, which CI and containers lack, so cgroups are not used.)
/// </summary>
/// <param name="Namespaces">unshare -rmnpf works and can bring loopback up (mount + network + PID isolation).</param>
/// <param name="NetworkOnly">Only unshare -rn works (no private mounts).</param>
/// <param name="Prlimit">The prlimit tool to use, or null.</param>
/// <param name="Ip">The ip tool that brings loopback up inside the namespace.</param>
public sealed record Sandbox(bool Namespaces, bool NetworkOnly, string? Prlimit, string? Ip)
{
    /// <summary>Finds what this machine allows (a few quick probes).</summary>
    public static Sandbox Detect()
    {
        string? ip = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);
        string? prlimit = new[] { "/usr/bin/prlimit", "/bin/prlimit" }.FirstOrDefault(File.Exists);
        bool Works(params string[] args)
        {
            try { return ChildProcess.Run("unshare", args, new ChildOptions { Timeout = TimeSpan.FromSeconds(20) }).ExitCode == 0; }
            catch (System.ComponentModel.Win32Exception) { return false; }
        }
        if (!OperatingSystem.IsLinux() || ip == null) return new Sandbox(false, false, prlimit, ip);
        string up = $"{ip} link set lo up";
        bool full = Works("-rmnpf", "--kill-child", "--mount-proc", "sh", "-c", $"{up} && mount -t tmpfs tg /mnt 2>/dev/null || mount -t tmpfs tg /tmp");
        bool net = !full && Works("-rn", "sh", "-c", up);
        return new Sandbox(full, net, prlimit, ip);
    }

    /// <summary>What a run gets, in words, for the report and the gradebook.</summary>
    public IReadOnlyList<string> Applied(GradingLimits limits)
    {
        var applied = new List<string>
        {
            $"wall time {limits.WallSeconds} s per notebook run (its process tree is killed), {limits.CellTimeoutSeconds} s per cell",
            $"output {limits.OutputChars} characters per cell",
        };
        applied.Add(Prlimit != null ? $"memory {limits.MemoryMb} MB writable per process and files up to {GradingLimits.FileMb} MB (prlimit RLIMIT_DATA, RLIMIT_FSIZE)"
            : "NO memory cap (prlimit not found: apt-get install util-linux)");
        applied.Add(Namespaces || NetworkOnly ? "no network (unshare -n: a network namespace with loopback only)"
            : "NO network isolation (unshare -rn or ip did not work here: user namespaces may be off)");
        applied.Add(Namespaces ? "private files and processes (unshare -m -p: course, submissions, results and other students' scratch hidden under empty mounts)"
            : "NO private file view (unshare -m did not work here): a submission could read files this user can read");
        return applied;
    }

    /// <summary>Quotes a word for sh.</summary>
    static string Q(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>
    /// The program and arguments that run <paramref name="command"/> for one student inside the sandbox.
    /// </summary>
    /// <param name="scratch">The student's scratch folder (a copy of the course layout).</param>
    /// <param name="jail">An empty folder outside every hidden path where the scratch folder appears in the namespace.</param>
    /// <param name="library">The course's src/ folder, bound read-only into the scratch copy.</param>
    /// <param name="workingDirectory">Relative to the scratch folder: where the notebook runs (monthN).</param>
    /// <param name="hidden">Folders to hide (course, submissions, results, all scratch folders).</param>
    /// <param name="limits">The caps.</param>
    /// <param name="command">The program and its arguments.</param>
    public (string File, IReadOnlyList<string> Args) Wrap(string scratch, string jail, string library, string workingDirectory,
        IEnumerable<string> hidden, GradingLimits limits, IReadOnlyList<string> command)
    {
        var run = new List<string>();
        // The wall-time cap again inside the sandbox: it holds even if the grader itself is killed.
        if (new[] { "/usr/bin/timeout", "/bin/timeout" }.FirstOrDefault(File.Exists) is { } timeout)
            run.AddRange([timeout, "--kill-after=10", (limits.WallSeconds + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (Prlimit != null)
            run.AddRange([Prlimit, $"--data={(long)limits.MemoryMb * 1024 * 1024}", $"--fsize={(long)GradingLimits.FileMb * 1024 * 1024}", "--core=0", "--"]);
        run.AddRange(command);
        string exec = "exec " + string.Join(' ', run.Select(Q));
        if (Namespaces)
        {
            var script = new List<string> { "set -e", $"{Q(Ip!)} link set lo up", $"mount --bind {Q(library)} {Q(Path.Combine(scratch, "src"))}",
                $"mount -o remount,bind,ro {Q(Path.Combine(scratch, "src"))} 2>/dev/null || true", $"mount --rbind {Q(scratch)} {Q(jail)}" };
            foreach (var h in hidden.Select(Path.GetFullPath).Distinct().Where(Directory.Exists).OrderByDescending(p => p.Length))
                script.Add($"if [ -d {Q(h)} ]; then mount -t tmpfs -o size=1m,mode=755 tg-hidden {Q(h)}; fi");
            script.Add($"cd {Q(Path.Combine(jail, workingDirectory))}");
            script.Add(exec);
            return ("unshare", ["-rmnpf", "--kill-child", "--mount-proc", "sh", "-c", string.Join("\n", script)]);
        }
        var plain = $"cd {Q(Path.Combine(scratch, workingDirectory))}\n{exec}";
        return NetworkOnly ? ("unshare", ["-rn", "sh", "-c", $"{Q(Ip!)} link set lo up\n{plain}"]) : ("sh", ["-c", plain]);
    }
}
