using TransferGuide.Cli.Notebooks;

namespace TransferGuide.Tests.Notebooks;

/// <summary>
/// The packages a week's kernel loads, found before a graded run that has no network (a fresh machine's first
/// `tg grade` otherwise waited on NuGet until every cell timed out).
/// </summary>
public class NotebookPackagesTests
{
    const string Setup = """
        ("cuda", true, _) => new[] { "TorchSharp-cuda-linux, 0.107.0" },
        ("cuda", _, true) => new[] { "TorchSharp-cuda-windows, 0.107.0" },
        ("cpu", true, _) => new[] { "TorchSharp, 0.107.0", "libtorch-cpu-linux-x64, 2.10.0" },
        ("cpu", _, _) => new[] { "TorchSharp-cpu, 0.107.0" },
        #r "nuget: SixLabors.ImageSharp, 2.1.13"
        #r "nuget: Plotly.NET.Interactive, 6.0.0"
        #r "nuget: Plotly.NET.Interactive, 6.0.0"
        await Kernel.Root.SendAsync(new SubmitCode(string.Join("\n", tgTorchPackages.Select(p => $"#r \"nuget: {p}\"")), "csharp"));
        """;

    [Fact]
    public void The_cpu_kernel_loads_the_cpu_backend_and_every_nuget_line_once()
    {
        var packages = NotebookPackages.Read(Setup, "cpu").Select(p => $"{p.Id} {p.Version}").ToList();
        var backend = OperatingSystem.IsLinux() ? new[] { "TorchSharp 0.107.0", "libtorch-cpu-linux-x64 2.10.0" } : ["TorchSharp-cpu 0.107.0"];
        Assert.Equal([.. backend, "SixLabors.ImageSharp 2.1.13", "Plotly.NET.Interactive 6.0.0"], packages);
    }

    [Fact]
    public void The_cuda_kernel_loads_only_its_own_backend()
    {
        var ids = NotebookPackages.Read(Setup, "cuda").Select(p => p.Id).ToList();
        Assert.Equal([OperatingSystem.IsWindows() ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux", "SixLabors.ImageSharp", "Plotly.NET.Interactive"], ids);
    }

    [Fact]
    public void Missing_are_the_packages_without_a_finished_restore_in_the_cache()
    {
        using var dir = new TempDir();
        dir.Bytes("sixlabors.imagesharp/2.1.13/.nupkg.metadata", [(byte)'{', (byte)'}']);
        Directory.CreateDirectory(dir.Combine("plotly.net.interactive", "6.0.0")); // a restore that stopped half-way
        var missing = NotebookPackages.Missing(
            [new("SixLabors.ImageSharp", "2.1.13"), new("Plotly.NET.Interactive", "6.0.0"), new("NWaves", "0.9.6")], dir.Path);
        Assert.Equal(["Plotly.NET.Interactive", "NWaves"], missing.Select(p => p.Id));
    }

    [Fact]
    public void The_course_setup_names_the_packages_the_library_is_built_against()
    {
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "TransferGuide.sln"))) repo = Path.GetDirectoryName(repo)!;
        var ids = NotebookPackages.Read(File.ReadAllText(Path.Combine(repo, NotebookPackages.SetupFile)), "cpu").Select(p => p.Id).ToList();
        Assert.Contains("Plotly.NET.Interactive", ids);
        Assert.Contains("FastBertTokenizer", ids);
        Assert.Contains(OperatingSystem.IsLinux() ? "libtorch-cpu-linux-x64" : "TorchSharp-cpu", ids);
        Assert.DoesNotContain(ids, id => id.Contains("cuda", StringComparison.OrdinalIgnoreCase));
    }
}
