using System.Diagnostics;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// notebooks/cloud-setup.sh prepares a cloud GPU notebook machine. These tests run its dry run with bash in a
/// controlled environment: an empty temporary HOME, and a PATH of links to the few programs the script reads
/// (never the machine's own nvidia-smi or jupyter), plus fakes where a case needs them. The dry run needs no
/// network and changes nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script for Linux notebook machines
public sealed class CloudSetupTests : IDisposable
{
    // Programs the script may call during a dry run; linked into the test PATH when this machine has them.
    static readonly string[] Tools = ["uname", "id", "sed", "head", "tail", "grep", "cut", "find", "ls", "cat", "git", "python3", "dotnet"];

    readonly string temp = Directory.CreateTempSubdirectory("tg-cloud-setup-").FullName;
    readonly string home;
    readonly string tools;

    public CloudSetupTests()
    {
        home = Directory.CreateDirectory(Path.Combine(temp, "home")).FullName;
        tools = Directory.CreateDirectory(Path.Combine(temp, "tools")).FullName;
        foreach (var tool in Tools)
            if (FindOnPath(tool) is { } path) File.CreateSymbolicLink(Path.Combine(tools, tool), path);
        // A cloud notebook has Jupyter; the dry run only checks that it is there.
        Fake("jupyter", "exit 0");
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    // --- the backend ---------------------------------------------------------------------------------------

    [Fact]
    public void A_GPU_picks_CUDA_and_plans_the_tool_the_kernel_and_a_CUDA_build()
    {
        FakeGpu();
        var (code, output) = DryRun();

        Assert.Equal(0, code);
        Assert.Contains("GPU: Tesla T4; driver 535.104.05", output);
        Assert.Contains("backend: cuda-linux (GPU found)", output);
        Assert.Contains("would run:", PlanLine(output, "tool install -g Microsoft.dotnet-interactive --version 1.0.712001"));
        Assert.Contains("would run:", PlanLine(output, "interactive jupyter install"));
        var build = PlanLine(output, "dotnet build ");
        Assert.StartsWith("would run:", build);
        Assert.Contains(Path.Combine(RepoRoot(), "src", "TransferGuide"), build);
        Assert.Contains("-p:TorchBackend=cuda-linux", build);
        TextAssert.ContainsAll(output,
            "export TRANSFERGUIDE_BACKEND=cuda TORCH_BACKEND=cuda-linux",
            "%env TRANSFERGUIDE_BACKEND=cuda",
            "%env TORCH_BACKEND=cuda-linux");
    }

    [Fact]
    public void No_nvidia_smi_picks_the_CPU_backend()
    {
        var (code, output) = DryRun();

        Assert.Equal(0, code);
        Assert.Contains("no nvidia-smi on PATH", output);
        Assert.Contains("backend: cpu-linux (no GPU)", output);
        Assert.DoesNotContain("cuda-linux", output);
        // The build is planned for cpu-linux, or skipped because this checkout is already built that way.
        Assert.True(output.Contains("-p:TorchBackend=cpu-linux") || output.Contains("skip: the library is built for cpu-linux"), output);
    }

    [Fact]
    public void A_failing_nvidia_smi_means_no_GPU()
    {
        Fake("nvidia-smi", "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9");
        var (code, output) = DryRun();

        Assert.Equal(0, code);
        Assert.Contains("backend: cpu-linux (no GPU)", output);
    }

    [Theory]
    [InlineData("--backend", "cpu")]
    [InlineData("--backend=cpu")]
    public void Backend_cpu_overrides_a_GPU(params string[] option)
    {
        FakeGpu();
        var (code, output) = DryRun(option);

        Assert.Equal(0, code);
        Assert.Contains("GPU: Tesla T4", output);
        Assert.Contains("backend: cpu-linux (--backend cpu)", output);
        Assert.DoesNotContain("-p:TorchBackend=cuda-linux", output);
        Assert.Contains("%env TORCH_BACKEND=cpu-linux", output);
    }

    // --- what is missing ----------------------------------------------------------------------------------

    [Fact]
    public void Without_dotnet_it_plans_the_official_install_script_into_HOME()
    {
        File.Delete(Path.Combine(tools, "dotnet"));
        Fake("curl", "exit 99"); // never called by a dry run
        var (code, output) = DryRun();

        Assert.Equal(0, code);
        var homeDotnet = Path.Combine(home, ".dotnet");
        Assert.StartsWith("would run: curl", PlanLine(output, "https://dot.net/v1/dotnet-install.sh"));
        Assert.Contains($"--channel 10.0 --install-dir {homeDotnet}", PlanLine(output, "--channel"));
        TextAssert.ContainsAll(output,
            $"would run: {homeDotnet}/dotnet tool install -g Microsoft.dotnet-interactive",
            "export DOTNET_ROOT=\"$HOME/.dotnet\"",
            $"%env DOTNET_ROOT={homeDotnet}");
    }

    [Fact]
    public void Data_sets_TRANSFERGUIDE_DATA_for_later_shells_and_the_kernel()
    {
        var data = Directory.CreateDirectory(Path.Combine(temp, "data")).FullName;
        var (code, output) = DryRun("--data", data);

        Assert.Equal(0, code);
        Assert.Contains($"export TRANSFERGUIDE_DATA={data}", output);
        Assert.Contains($"TRANSFERGUIDE_DATA={data}", PlanLine(output, "kernel.json"));
        Assert.Contains($"%env TRANSFERGUIDE_DATA={data}", output);
    }

    // --- options ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("--gpu")]
    [InlineData("--backend", "rocm")]
    [InlineData("--repo")]
    public void A_bad_option_exits_2_naming_it(params string[] args)
    {
        var (code, output) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(args[0], output);
        Assert.Contains(args.Length > 1 ? args[1] : args[0], output);
        Assert.DoesNotContain("would run:", output);
    }

    [Fact]
    public void Help_prints_the_usage_and_exits_0()
    {
        var (code, output) = Run("--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage: bash notebooks/cloud-setup.sh", output);
        Assert.Contains("--dry-run", output);
    }

    // --- the dry run changes nothing ----------------------------------------------------------------------

    [Fact]
    public void The_dry_run_writes_nothing_into_HOME()
    {
        FakeGpu();
        File.WriteAllText(Path.Combine(home, ".bashrc"), "# the student's own\n");
        var before = Snapshot(home);

        var (code, output) = DryRun("--data", Path.Combine(temp, "data"));

        Assert.Equal(0, code);
        Assert.Contains("would write: " + Path.Combine(home, ".transferguide.env"), output);
        Assert.Contains("would append to " + Path.Combine(home, ".bashrc"), output);
        Assert.Equal(before, Snapshot(home));
        Assert.False(Directory.Exists(Path.Combine(temp, "data")));
    }

    // --- helpers ------------------------------------------------------------------------------------------

    (int Code, string Output) DryRun(params string[] args) => Run(["--dry-run", .. args]);

    (int Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(FindOnPath("bash") ?? "/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = temp,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "notebooks", "cloud-setup.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["HOME"] = home;
        start.Environment["PATH"] = tools;
        start.Environment["TMPDIR"] = temp;
        start.Environment["LANG"] = "C.UTF-8";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("cloud-setup.sh ran over a minute:\n" + stdout);
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>The one line of the output that contains <paramref name="text"/>.</summary>
    static string PlanLine(string output, string text)
    {
        var lines = output.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"expected one line with '{text}', found {lines.Count} in:\n{output}");
        return lines[0];
    }

    void FakeGpu() => Fake("nvidia-smi", "echo 'Tesla T4, 535.104.05'");

    void Fake(string name, string body)
    {
        var path = Path.Combine(tools, name);
        File.Delete(path);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static string Snapshot(string dir) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
        .Select(p => $"{Path.GetRelativePath(dir, p)} {(File.Exists(p) ? new FileInfo(p).Length + " " + File.GetLastWriteTimeUtc(p).Ticks : "dir")}")
        .Order(StringComparer.Ordinal));

    static string? FindOnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists)
        ?? (name == "dotnet" ? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") : null);

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TransferGuide.sln"))) return dir.FullName;
        throw new InvalidOperationException("TransferGuide.sln not found above " + AppContext.BaseDirectory);
    }
}
