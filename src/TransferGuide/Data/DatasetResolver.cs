using TransferGuide.Core;

namespace TransferGuide.Data;

/// <summary>Thrown when a dataset is nowhere to be found; the message lists every place tried and the fix.</summary>
public sealed class DatasetNotFoundException(string message) : Exception(message);

/// <summary>
/// Finds a dataset's folder, trying in order: an explicit path; <c>$TRANSFERGUIDE_DATA/NAME</c>;
/// <c>../shared/datasets/NAME</c> beside the repository; the user cache; and, for datasets that allow it,
/// a checksummed download into the user cache.
/// </summary>
public static class DatasetResolver
{
    /// <summary>Environment variable naming a folder that holds datasets by name.</summary>
    public const string DataVariable = "TRANSFERGUIDE_DATA";

    /// <summary>Environment variable that moves the user cache (default ~/.cache/transferguide).</summary>
    public const string CacheVariable = "TRANSFERGUIDE_CACHE";

    /// <summary>The kit's cache folder: $TRANSFERGUIDE_CACHE, else $XDG_CACHE_HOME/transferguide, else ~/.cache/transferguide.</summary>
    public static string CacheRoot()
    {
        var explicitCache = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(explicitCache)) return Path.GetFullPath(explicitCache);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "transferguide");
    }

    /// <summary>The places <c>Resolve</c> looks, in order, with whether each holds the dataset.</summary>
    public static IReadOnlyList<(string Where, string Path, bool Found)> Candidates(string name, string? explicitPath = null, string? cacheRoot = null)
    {
        var list = new List<(string, string, bool)>();
        void Add(string where, string path) => list.Add((where, Path.GetFullPath(path), Directory.Exists(path) || File.Exists(path)));
        if (!string.IsNullOrWhiteSpace(explicitPath)) Add("explicit path", explicitPath);
        var env = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrWhiteSpace(env)) Add("$" + DataVariable, Path.Combine(env, name));
        foreach (var shared in SharedDatasetFolders()) Add("../shared/datasets beside the repository", Path.Combine(shared, name));
        Add("user cache", Path.Combine(cacheRoot ?? CacheRoot(), "datasets", name));
        return list;
    }

    /// <summary>
    /// The dataset's folder. Downloads into the user cache when allowed and nothing else has it;
    /// otherwise throws <see cref="DatasetNotFoundException"/> listing what was tried.
    /// </summary>
    public static string Resolve(string name, string? explicitPath = null, bool allowDownload = true, IProgress<DownloadProgress>? progress = null) =>
        Resolve(DatasetCatalog.Get(name), explicitPath, allowDownload, progress);

    /// <summary>As <see cref="Resolve(string, string?, bool, IProgress{DownloadProgress}?)"/>, for any manifest and cache folder.</summary>
    public static string Resolve(DatasetManifest manifest, string? explicitPath = null, bool allowDownload = true,
        IProgress<DownloadProgress>? progress = null, string? cacheRoot = null)
    {
        var candidates = Candidates(manifest.Name, explicitPath, cacheRoot);
        if (!string.IsNullOrWhiteSpace(explicitPath) && !candidates[0].Found)
            throw new DatasetNotFoundException($"{candidates[0].Path} does not exist. Check the path given for {manifest.Name}.");
        var hit = candidates.FirstOrDefault(c => c.Found);
        if (hit.Path != null) return hit.Path;

        var tried = string.Join("\n", candidates.Select(c => $"  - {c.Where}: {c.Path} (not there)"));
        if (manifest.Source.DebianPackage != null && manifest.Source.Path is { } pkgPath && Directory.Exists(pkgPath))
            return pkgPath;
        if (manifest.Source.AutoDownload && manifest.Source.Url != null && allowDownload)
        {
            var target = Path.Combine(cacheRoot ?? CacheRoot(), "datasets", manifest.Name);
            try
            {
                Downloader.DownloadDataset(manifest, target, progress);
                return target;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidDataException)
            {
                throw new DatasetNotFoundException(
                    $"Dataset {manifest.Name} was not found, and the download from {manifest.Source.Url} failed: {e.Message}\nTried:\n{tried}\n" +
                    $"Fix: connect to the internet and run again, or download it yourself and set {DataVariable} to the folder that holds {manifest.Name}/.");
            }
        }
        var how = manifest.Source.ManualSteps.Count > 0
            ? "How to get it:\n" + string.Join("\n", manifest.Source.ManualSteps.Select((s, i) => $"  {i + 1}. {s}"))
            : $"Download it from {manifest.Source.Url}.";
        throw new DatasetNotFoundException(
            $"Dataset {manifest.Name} was not found. Tried:\n{tried}\n" +
            (manifest.Source.AutoDownload ? "  - download: not allowed in this call\n" : "  - download: this dataset cannot be fetched unattended\n") +
            how + $"\nThen set {DataVariable} to the folder that holds {manifest.Name}/, or pass its path.");
    }

    /// <summary><c>../shared/datasets</c> beside each repository found above the working directory or the application, or made known by a running week.</summary>
    public static IEnumerable<string> SharedDatasetFolders()
    {
        var seen = new HashSet<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }.Concat(Repository.Known))
            if (Repository.Find(start) is { } root && Directory.GetParent(root) is { } parent)
            {
                var shared = Path.Combine(parent.FullName, "shared", "datasets");
                if (seen.Add(shared)) yield return shared;
            }
    }
}
