namespace TransferGuide.Cli.Commands;

/// <summary>
/// Runs this same <c>tg</c> again as a child process (so a benchmark can measure each variant's own peak memory),
/// started the way this one was: the apphost <c>tg</c> (also what <c>dotnet run</c> starts) runs itself again;
/// <c>dotnet tg.dll</c>, or tg hosted in another process such as a test host, runs <c>dotnet exec tg.dll</c>.
/// </summary>
internal static class SelfProcess
{
    /// <summary>tg.dll: this assembly, whoever hosts it.</summary>
    static string EntryDll => typeof(SelfProcess).Assembly.Location;

    /// <summary>
    /// The program to start and the arguments that come before the verb. Decided by what the process is, not by
    /// argv[0]: under an apphost argv[0] is still tg.dll, and prepending <c>exec tg.dll</c> to the apphost made it
    /// read "exec" as a verb (the README's <c>dotnet run -- models --quick</c> failed that way).
    /// </summary>
    /// <param name="processPath">This process's executable (<see cref="Environment.ProcessPath"/>).</param>
    /// <param name="entryDll">tg.dll.</param>
    /// <param name="dotnetHost">The dotnet muxer the SDK named (DOTNET_HOST_PATH), for when this process is not dotnet.</param>
    public static (string FileName, IReadOnlyList<string> Prefix) Launcher(string? processPath, string entryDll, string? dotnetHost)
    {
        var name = processPath == null ? null : Path.GetFileNameWithoutExtension(processPath);
        if (name != null && name.Equals(Path.GetFileNameWithoutExtension(entryDll), StringComparison.OrdinalIgnoreCase))
            return (processPath!, []);
        var host = name is "dotnet" ? processPath! : !string.IsNullOrEmpty(dotnetHost) && File.Exists(dotnetHost) ? dotnetHost : "dotnet";
        return (host, ["exec", entryDll]);
    }

    /// <summary>This process's launcher.</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Current =>
        Launcher(Environment.ProcessPath, EntryDll, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"));

    /// <summary>
    /// How to type tg in a command this process prints (a resume line): "tg" when that is on PATH and is this
    /// apphost, else its full path, or "dotnet /path/tg.dll".
    /// </summary>
    public static string Invocation
    {
        get
        {
            var (file, prefix) = Current;
            if (prefix.Count == 0)
            {
                var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                    .Select(d => Path.Combine(d, Path.GetFileName(file))).FirstOrDefault(File.Exists);
                return onPath != null && Path.GetFullPath(onPath) == Path.GetFullPath(file) ? Path.GetFileNameWithoutExtension(file) : Quote(file);
            }
            return $"{(Path.GetFileNameWithoutExtension(file) == "dotnet" && Path.IsPathRooted(file) ? "dotnet" : Quote(file))} {Quote(prefix[^1])}";
        }
    }

    /// <summary>Runs <c>tg ARGS</c> and returns its standard output; throws with its error output when it fails.</summary>
    /// <param name="args">The verb and its options.</param>
    /// <param name="cancel">Kills the child.</param>
    /// <param name="plainHeap">Run the child with glibc's default malloc settings (a benchmark peer), not the kit's.</param>
    /// <param name="onLine">Called with each line of its standard output as it arrives (a long run's progress).</param>
    public static string Run(IEnumerable<string> args, CancellationToken cancel, bool plainHeap = false, Action<string>? onLine = null)
    {
        var (host, prefix) = Current;
        var words = args.ToList();
        var options = new ChildOptions { OnOutputLine = onLine };
        if (plainHeap) options = options with { Environment = HeapTuning.PlainHeap() };
        var run = ChildProcess.Run(host, [.. prefix, .. words], options, cancel);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"tg {string.Join(' ', words)} failed ({run.ExitCode}):\n{run.Errors}{run.Output}");
        return run.Output;
    }

    static string Quote(string word) => word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$') ? $"\"{word}\"" : word;
}
