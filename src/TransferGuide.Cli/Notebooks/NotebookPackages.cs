using System.Text.RegularExpressions;
using TransferGuide.Core;

namespace TransferGuide.Cli.Notebooks;

/// <summary>A NuGet package a week's kernel loads with <c>#r "nuget: ..."</c>.</summary>
/// <param name="Id">Package id, as written.</param>
/// <param name="Version">Exact version.</param>
public sealed record NotebookPackage(string Id, string Version);

/// <summary>
/// The packages <c>notebooks/setup.dib</c> loads into every week's kernel, and making sure they are in the NuGet
/// cache before a run that has no network. A graded submission runs in a network namespace with loopback only, so a
/// package the kernel has never restored on this machine makes its <c>#r</c> wait on the network until the cell
/// times out, for every cell after it too. Restoring them first, from the grader's own process, costs one restore on
/// a fresh machine and nothing after.
/// </summary>
public static partial class NotebookPackages
{
    /// <summary>The shared setup every week imports, relative to the course folder.</summary>
    public const string SetupFile = "notebooks/setup.dib";

    /// <summary>
    /// The packages of <paramref name="setupText"/> that a kernel on this machine loads: every <c>"Id, Version"</c>
    /// in it, with the Torch backends other than <paramref name="backend"/> left out (setup picks one at run time).
    /// </summary>
    /// <param name="setupText">The text of setup.dib.</param>
    /// <param name="backend">"cpu" or "cuda", as setup.dib chooses it.</param>
    public static IReadOnlyList<NotebookPackage> Read(string setupText, string backend)
    {
        bool cuda = backend == "cuda";
        bool linux = OperatingSystem.IsLinux();
        return PackagePattern().Matches(setupText)
            .Select(m => new NotebookPackage(m.Groups["id"].Value, m.Groups["version"].Value))
            .Where(p => !IsTorchBackend(p.Id) || Wanted(p.Id, cuda, linux))
            .DistinctBy(p => (p.Id.ToLowerInvariant(), p.Version))
            .ToList();
    }

    /// <summary>The backend setup.dib picks: TRANSFERGUIDE_BACKEND, else CUDA when an NVIDIA driver is present.</summary>
    public static string Backend() =>
        Environment.GetEnvironmentVariable("TRANSFERGUIDE_BACKEND")?.Trim().ToLowerInvariant() is { Length: > 0 } b ? b
        : File.Exists("/usr/bin/nvidia-smi") || File.Exists(@"C:\Windows\System32\nvidia-smi.exe") ? "cuda" : "cpu";

    /// <summary>The NuGet global packages folder: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string CacheFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The packages not yet in <paramref name="cache"/> (NuGet keeps each as id/version in lower case).</summary>
    public static IReadOnlyList<NotebookPackage> Missing(IEnumerable<NotebookPackage> packages, string cache) =>
        packages.Where(p => !File.Exists(Path.Combine(cache, p.Id.ToLowerInvariant(), p.Version.ToLowerInvariant(), ".nupkg.metadata"))).ToList();

    /// <summary>
    /// Restores what the course's setup.dib loads and the cache lacks, with a throw-away project, so that a kernel
    /// without network finds everything. Returns what it restored (empty when nothing was missing).
    /// </summary>
    /// <param name="course">The course folder (holding notebooks/setup.dib).</param>
    /// <param name="log">Receives one line before a restore.</param>
    /// <param name="timeout">How long the restore may take.</param>
    /// <exception cref="InvalidOperationException">The restore failed: the message names the packages and the fix.</exception>
    public static IReadOnlyList<NotebookPackage> EnsureRestored(string course, Action<string> log, TimeSpan? timeout = null)
    {
        var setup = Path.Combine(course, SetupFile);
        if (!File.Exists(setup)) return [];
        var missing = Missing(Read(File.ReadAllText(setup), Backend()), CacheFolder());
        if (missing.Count == 0) return [];
        log($"Restoring {missing.Count} package(s) the notebooks load and this machine has not cached ({string.Join(", ", missing.Select(p => $"{p.Id} {p.Version}"))}): " +
            "graded runs have no network to fetch them.");
        var dir = Directory.CreateTempSubdirectory("tg-packages-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "restore.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup>" +
                string.Concat(missing.Select(p => $"<PackageReference Include=\"{p.Id}\" Version=\"[{p.Version}]\" />")) + "</ItemGroup></Project>");
            var run = ChildProcess.Run("dotnet", ["restore", Path.Combine(dir, "restore.csproj"), "-nologo", "-v", "q"],
                new ChildOptions { WorkingDirectory = dir, Timeout = timeout ?? TimeSpan.FromMinutes(15) });
            if (run.ExitCode != 0)
                throw new InvalidOperationException(
                    $"Could not restore {string.Join(", ", missing.Select(p => $"{p.Id} {p.Version}"))}, which {setup} loads into every kernel" +
                    (run.TimedOut ? " (the restore timed out)" : "") + ". Graded runs have no network, so they would wait on it until each cell " +
                    "times out. Restore them once on a machine with network access (run any week: tg notebooks run month1 --quick), or point " +
                    $"NUGET_PACKAGES at a cache that has them. dotnet restore said:\n{Tail(run.Combined)}");
            return missing;
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static bool IsTorchBackend(string id) =>
        id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase)
        || id.Equals("TorchSharp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The backend packages setup.dib's switch picks for this OS and backend.</summary>
    static bool Wanted(string id, bool cuda, bool linux)
    {
        var i = id.ToLowerInvariant();
        if (cuda) return i == (linux ? "torchsharp-cuda-linux" : "torchsharp-cuda-windows");
        return linux ? i is "torchsharp" or "libtorch-cpu-linux-x64" : i == "torchsharp-cpu";
    }

    static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(15));

    [GeneratedRegex("\"(?:nuget:\\s*)?(?<id>[A-Za-z][A-Za-z0-9_.\\-]*),\\s*(?<version>\\d+(?:\\.\\d+){1,3}(?:-[A-Za-z0-9.\\-]+)?)\"")]
    private static partial Regex PackagePattern();
}
