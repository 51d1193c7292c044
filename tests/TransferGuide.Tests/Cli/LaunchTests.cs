using System.Text.RegularExpressions;

namespace TransferGuide.Tests.Cli;

/// <summary>
/// Children of tg start the way tg was started (apphost, <c>dotnet tg.dll</c>, <c>dotnet run</c>), and the README's
/// <c>tg</c> lines work as written. The verb that starts a child here is <c>tg models --only resnet18_imagenet</c>
/// (one small measurement in a child process).
/// </summary>
[Collection(LiveConsoleCollection.Name)]
public partial class LaunchTests
{
    static readonly string[] ModelsInAChild = ["models", "--only", "resnet18_imagenet", "--quick", "--json", "--image-size", "32"];

    /// <summary>The repository root (where README.md and TransferGuide.sln are).</summary>
    static string Repo
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "TransferGuide.sln"))) return d.FullName;
            throw new DirectoryNotFoundException("TransferGuide.sln not found above the test binaries.");
        }
    }

    /// <summary>Debug or Release: what these tests were built as, so dotnet run --no-build finds the same build of tg.</summary>
    static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    static string[] DotnetRun(params string[] tgArgs) =>
        ["run", "--no-build", "-c", Configuration, "--project", Path.Combine(Repo, "src", "TransferGuide.Cli"), "--", .. tgArgs];

    [Fact]
    public void Apphost_runs_itself_and_dotnet_runs_the_dll()
    {
        var dll = "/opt/kit/tg.dll";
        var apphost = SelfProcess.Launcher("/opt/kit/tg", dll, null);
        Assert.Equal("/opt/kit/tg", apphost.FileName);
        Assert.Empty(apphost.Prefix); // not "exec tg.dll": the apphost would read "exec" as a verb
        var muxed = SelfProcess.Launcher("/usr/share/dotnet/dotnet", dll, null);
        Assert.Equal("/usr/share/dotnet/dotnet", muxed.FileName);
        Assert.Equal(["exec", dll], muxed.Prefix);
        // Hosted by something else (a test host): the SDK's muxer runs the DLL.
        var muxer = Tg.Dotnet;
        var hosted = SelfProcess.Launcher("/tmp/testhost", dll, muxer);
        Assert.Equal(["exec", dll], hosted.Prefix);
        Assert.Equal(File.Exists(muxer) ? muxer : "dotnet", hosted.FileName);
    }

    [Fact]
    public void A_child_starts_under_the_apphost()
    {
        var (code, output) = Tg.Child(Tg.AppHost, ModelsInAChild);
        Assert.True(code == 0 && output.Contains("\"resnet18_imagenet\""), output);
    }

    [Fact]
    public void A_child_starts_under_dotnet_tg_dll()
    {
        var (code, output) = Tg.Child(Tg.Dotnet, [Tg.Dll, .. ModelsInAChild]);
        Assert.True(code == 0 && output.Contains("\"resnet18_imagenet\""), output);
    }

    [Fact]
    public void A_child_starts_under_dotnet_run()
    {
        var (code, output) = Tg.Child(Tg.Dotnet, DotnetRun(ModelsInAChild), workingDirectory: Repo);
        Assert.DoesNotContain("Unknown command 'exec'", output);
        Assert.True(code == 0 && output.Contains("\"resnet18_imagenet\""), output);
    }

    [Fact]
    public void Every_verb_the_readme_shows_answers_help_under_dotnet_run()
    {
        var verbs = ReadmeLines().Select(VerbOf).Distinct().ToList();
        Assert.True(verbs.Count >= 10, $"found only {verbs.Count} verbs in README.md: {string.Join(", ", verbs)}");
        foreach (var verb in verbs)
        {
            var (code, output) = Tg.Child(Tg.Dotnet, DotnetRun([.. verb.Split(' '), "--help"]), workingDirectory: Repo);
            Assert.True(code == 0, $"README's tg {verb} --help failed ({code}):\n{output}");
        }
    }

    [Theory]
    [InlineData("models --quick")]
    [InlineData("bench --quick")]
    public void Readme_quick_benchmarks_run_as_written(string command)
    {
        // The README's own line, only built beforehand (--no-build, the tests' configuration) and run in a scratch
        // folder so that its results do not land in the repository.
        var line = ReadmeLines().First(l => l.After.StartsWith(command, StringComparison.Ordinal));
        Assert.Equal(command, string.Join(' ', line.After.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        using var dir = new TempDir();
        var (code, output) = Tg.Child(Tg.Dotnet, DotnetRun(command.Split(' ')), workingDirectory: dir.Path, timeoutSeconds: 900);
        Assert.True(code == 0, $"README's tg {command} failed ({code}):\n{output}");
        Assert.DoesNotContain("Unknown command", output);
        Assert.NotEmpty(Directory.GetFiles(dir.Path, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_resume_line_printed_on_ctrl_c_works_as_printed()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir, "my photos"); // a space: the printed line must quote it
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Child(Tg.Dotnet, [Tg.Dll, .. Tg.Train(data, runs), "--epochs", "12"], whileRunning: Tg.SignalAfterFirstCheckpoint(runs, "INT"));
        Assert.True(code == ExitCodes.Stopped, $"exit {code}{SigintIgnoredNote()}:\n{output}");
        var resume = ResumeLine().Match(output.Replace("\n", " "));
        Assert.True(resume.Success, output);
        var (again, log) = Tg.Child("bash", ["-c", resume.Groups[1].Value.Trim()], workingDirectory: Path.GetTempPath());
        Assert.True(again == 0, $"{resume.Groups[1].Value} failed ({again}):\n{log}");
        Assert.Contains("my photos (unchanged", log);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public void A_disconnect_stops_like_ctrl_c_and_saves_the_batch(string signal)
    {
        // A cloud notebook that drops, or a closed terminal, sends SIGTERM or SIGHUP, not SIGINT: the run must still
        // save mid-epoch and say how to go on, not die with the epoch lost.
        using var dir = new TempDir();
        var runs = dir.Combine("runs");
        var (code, output) = Tg.Child(Tg.Dotnet, [Tg.Dll, .. Tg.Train(Tg.Colours(dir), runs), "--epochs", "12"], whileRunning: Tg.SignalAfterFirstCheckpoint(runs, signal));
        if (IgnoredHere(signal == "HUP" ? 1 : 15))
        {
            // Started under nohup (as a background test run may be): the signal is ignored from the start, and tg
            // must leave it so, since the user asked for the run to outlive the terminal. It trains to the end.
            Assert.True(code == 0, $"SIG{signal} is ignored in this test process, so tg should have finished: exit {code}:\n{output}");
            Assert.DoesNotContain("Stopping after this batch", output);
            return;
        }
        Assert.True(code == ExitCodes.Stopped, $"SIG{signal}: exit {code}:\n{output}");
        Assert.Contains($"SIG{signal}", output);
        Assert.True(ResumeLine().Match(output.Replace("\n", " ")).Success, output);
        var run = Directory.GetDirectories(runs).Single();
        var (again, log) = Tg.Child(Tg.Dotnet, [Tg.Dll, "train", "--resume", run]);
        Assert.True(again == 0, $"resume after SIG{signal} failed ({again}):\n{log}");
        Assert.Contains("resuming", log);
    }

    /// <summary>
    /// Why Ctrl+C may never arrive: a test run started in the background without job control (<c>nohup dotnet test &amp;</c>)
    /// inherits SIGINT ignored, and so does every child, tg included. Read from /proc/self/status (SigIgn, bit 2).
    /// </summary>
    static string SigintIgnoredNote() =>
        IgnoredHere(2) ? " (SIGINT is ignored in this test process, so tg never saw Ctrl+C: run the tests in the foreground, or from a shell with job control, set -m)" : "";

    /// <summary>Whether signal <paramref name="number"/> is ignored in this process, so in every child it starts (SigIgn in /proc/self/status).</summary>
    static bool IgnoredHere(int number)
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line != null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (number - 1))) != 0;
    }

    /// <summary>The README's `dotnet run ... --project src/TransferGuide.Cli ... -- ARGS` lines, ARGS without a trailing comment.</summary>
    static List<(string Line, string After)> ReadmeLines() =>
        File.ReadAllLines(Path.Combine(Repo, "README.md"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("dotnet run", StringComparison.Ordinal) && l.Contains("--project src/TransferGuide.Cli") && l.Contains(" -- "))
            .Select(l => (l, l[(l.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split('#')[0].Trim()))
            .ToList();

    /// <summary>The verb path of a README line: leading words up to the first option or value (e.g. "data report").</summary>
    static string VerbOf((string Line, string After) line)
    {
        var words = line.After.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !w.StartsWith('-')).ToList();
        var two = string.Join(' ', words.Take(2));
        return VerbTable.Verbs.Any(v => v.Path == two) ? two : words[0];
    }

    [GeneratedRegex(@"continue with: (.+?--resume (?:""[^""]+""|\S+))")]
    internal static partial Regex ResumeLine();
}
