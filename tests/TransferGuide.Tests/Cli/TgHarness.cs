using Spectre.Console;

namespace TransferGuide.Tests.Cli;

/// <summary>Runs tg in this process with its console output captured, or as a child process the way a user would.</summary>
internal static class Tg
{
    /// <summary>The tg.dll beside the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tg.dll");

    /// <summary>The apphost beside the tests (tg, or tg.exe on Windows).</summary>
    public static string AppHost => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tg.exe" : "tg");

    /// <summary>The dotnet muxer.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    /// <summary>Runs tg ARGS in this process; returns the exit code and everything it printed (one line per message, no wrapping).</summary>
    public static (int Code, string Output) Run(params string[] args)
    {
        // AnsiConsole.Console is one static for the whole process: two runs at once (test classes outside the live-console
        // collection) swapped it, and one run's table landed in the other's output. One run at a time.
        lock (Gate) return RunAlone(args);
    }

    /// <summary>
    /// Runs tg ARGS in this process on the current console; returns the exit code. Every in-process run takes the same
    /// gate as <see cref="Run"/>: a live display in one run while another started failed that one at once with exit 1
    /// (two tg bench tests on 4 December, in a full run only).
    /// </summary>
    public static int Exec(params string[] args)
    {
        lock (Gate) return TgApp.Create().Run(args);
    }

    static readonly object Gate = new();

    static (int Code, string Output) RunAlone(string[] args)
    {
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 100_000; // a message must not be wrapped in the middle of a path
        AnsiConsole.Console = console;
        try { return (TgApp.Create().Run(args), writer.ToString()); }
        finally { AnsiConsole.Console = previous; }
    }

    /// <summary>Runs a program (tg in some form) as a child; returns its exit code and its output and errors together.</summary>
    public static (int Code, string Output) Child(string file, IEnumerable<string> args, string? workingDirectory = null, int timeoutSeconds = 300,
        Action<ChildProcess>? whileRunning = null)
    {
        var words = args.ToList();
        var child = ChildProcess.Start(file, words, new ChildOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["COLUMNS"] = "10000" },
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        });
        whileRunning?.Invoke(child);
        var run = child.Wait();
        if (run.TimedOut) Assert.Fail($"{file} {string.Join(' ', words)} did not finish in {timeoutSeconds} s:\n{run.Combined}");
        return (run.ExitCode, run.Combined);
    }

    /// <summary>Output with line breaks taken out: a console that wraps at its width must not hide a phrase from a check.</summary>
    static string Unwrapped(string output) => output.Replace("\r", "").Replace("\n", "");

    /// <summary>Asserts the exit code and that the message names each of <paramref name="named"/> (the file or option, and the fix).</summary>
    public static void Fails(int expected, (int Code, string Output) result, params string[] named)
    {
        Assert.True(result.Code == expected, $"exit {result.Code}, expected {expected}:\n{result.Output}");
        foreach (var n in named)
            Assert.True(result.Output.Contains(n, StringComparison.Ordinal) || Unwrapped(result.Output).Contains(n, StringComparison.Ordinal),
                $"the message does not name '{n}':\n{result.Output}");
    }

    /// <summary>A tiny training set: 2 red and 2 blue images under train/ and val/.</summary>
    public static string Colours(TempDir dir, string name = "colours") => dir.ColourDataset(name, 2, "train", "val");

    /// <summary>The smallest tg train: one epoch after the head epoch, 32 px.</summary>
    public static string[] Train(string data, string runs, params string[] more) =>
        ["train", "--data", data, "--runs", runs, "--epochs", "1", "--image-size", "32", "--batch-size", "4", .. more];

    /// <summary>
    /// For <see cref="Child"/>'s whileRunning: waits (up to 3 minutes) until a model.tgck appears under <paramref name="runs"/>,
    /// then sends the child SIG<paramref name="signal"/> (INT, TERM or HUP), as Ctrl+C or a dropped session would.
    /// </summary>
    public static Action<ChildProcess> SignalAfterFirstCheckpoint(string runs, string signal) => p =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)
               && !(Directory.Exists(runs) && Directory.EnumerateFiles(runs, "model.tgck", SearchOption.AllDirectories).Any()))
            Thread.Sleep(100);
        SystemFacts.Run("kill", "-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    };
}
