namespace TransferGuide.Models;

/// <summary>
/// One official torchvision weight file. torchvision names each file with the first 8 hex digits of its
/// SHA-256 (torch.hub checks that prefix); <see cref="Sha256"/> holds the full hash where it is known.
/// </summary>
/// <param name="ModelId">Zoo id the weights are for.</param>
/// <param name="Url">The official download address.</param>
/// <param name="Sha256Prefix">The hash prefix in the file name.</param>
/// <param name="Sha256">The full SHA-256, lower-case hex, or null when only the prefix is pinned.</param>
/// <param name="Tag">torchvision's weight enum, e.g. "IMAGENET1K_V1".</param>
public sealed record TorchvisionWeightFile(string ModelId, string Url, string Sha256Prefix, string? Sha256, string Tag)
{
    /// <summary>The file name, as torch.hub stores it.</summary>
    public string FileName => Url[(Url.LastIndexOf('/') + 1)..];

    /// <summary>Whether a SHA-256 (full hex) matches what is pinned: the full hash when known, else the prefix.</summary>
    public bool Matches(string sha256) => Sha256 is { } full
        ? string.Equals(full, sha256, StringComparison.OrdinalIgnoreCase)
        : sha256.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The registry of torchvision ImageNet weights for the zoo (the files torchvision 0.14 downloads).</summary>
public static class TorchvisionWeights
{
    /// <summary>Every registered file, one per zoo model.</summary>
    public static IReadOnlyList<TorchvisionWeightFile> Files { get; } =
    [
        new("resnet18", "https://download.pytorch.org/models/resnet18-f37072fd.pth", "f37072fd",
            "f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec", "IMAGENET1K_V1"),
        new("resnet34", "https://download.pytorch.org/models/resnet34-b627a593.pth", "b627a593", null, "IMAGENET1K_V1"),
        new("resnet50", "https://download.pytorch.org/models/resnet50-0676ba61.pth", "0676ba61", null, "IMAGENET1K_V1"),
        new("mobilenet_v2", "https://download.pytorch.org/models/mobilenet_v2-b0353104.pth", "b0353104", null, "IMAGENET1K_V1"),
        new("mobilenet_v3_small", "https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth", "047dcff4", null, "IMAGENET1K_V1"),
        new("squeezenet1_1", "https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth", "b8a52dc0", null, "IMAGENET1K_V1"),
        new("efficientnet_b0", "https://download.pytorch.org/models/efficientnet_b0_rwightman-3dd342df.pth", "3dd342df", null, "IMAGENET1K_V1"),
    ];

    /// <summary>Environment variable naming the folder that holds (or receives) weight files.</summary>
    public const string CacheEnvironmentVariable = "TRANSFERGUIDE_WEIGHTS";

    /// <summary>The registered file for <paramref name="modelId"/>, or null when the model has none.</summary>
    public static TorchvisionWeightFile? For(string modelId) =>
        Files.FirstOrDefault(f => string.Equals(f.ModelId, modelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The weights folder: $TRANSFERGUIDE_WEIGHTS, else the user cache (~/.cache/transferguide/weights, or
    /// %LOCALAPPDATA%\transferguide\weights on Windows).
    /// </summary>
    public static string CacheDirectory()
    {
        if (Environment.GetEnvironmentVariable(CacheEnvironmentVariable) is { Length: > 0 } env) return env;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "transferguide", "weights");
    }

    /// <summary>Where <paramref name="file"/> lives in the cache.</summary>
    public static string CachePath(TorchvisionWeightFile file) => Path.Combine(CacheDirectory(), file.FileName);

    /// <summary>Whether the weights for <paramref name="modelId"/> are already in the cache.</summary>
    public static bool IsCached(string modelId) => For(modelId) is { } f && File.Exists(CachePath(f));

    /// <summary>
    /// The cached file for <paramref name="modelId"/>; downloads it (with progress) when <paramref name="allowDownload"/>
    /// is set, and otherwise, or when the download fails, throws an error that names the file, its address and
    /// the exact place to put it.
    /// </summary>
    /// <exception cref="WeightsNotFoundException">The file is not cached and could not be fetched.</exception>
    public static string Ensure(string modelId, bool allowDownload = true, IProgress<Data.DownloadProgress>? progress = null, CancellationToken cancel = default)
    {
        var file = For(modelId) ?? throw new ArgumentException($"No torchvision weights are registered for '{modelId}'.", nameof(modelId));
        var path = CachePath(file);
        if (File.Exists(path)) return path;
        if (!allowDownload) throw Missing(file, path, reason: "downloads are turned off");
        try
        {
            var sha = Data.Downloader.Download(file.Url, path, file.Sha256, progress, cancel);
            if (!file.Matches(sha))
            {
                File.Delete(path);
                throw new InvalidDataException($"{file.Url} downloaded with SHA-256 {sha}, which does not start with {file.Sha256Prefix} as its name says. The file was deleted.");
            }
            return path;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && e is not InvalidDataException)
        {
            throw Missing(file, path, reason: e.Message, inner: e);
        }
    }

    static WeightsNotFoundException Missing(TorchvisionWeightFile file, string path, string reason, Exception? inner = null) => new(
        $"The ImageNet weights for {file.ModelId} are not in the cache and could not be downloaded ({reason}).\n" +
        $"Fetch this file on a machine that is online:\n  {file.Url}\n" +
        $"and put it here (exactly this name):\n  {path}\n" +
        $"Its SHA-256 starts with {file.Sha256Prefix}. Set {CacheEnvironmentVariable} to use another folder, or pass pretrained: false to train from scratch.",
        file, path, inner);
}

/// <summary>Pretrained weights are missing; the message says which file to fetch and where to put it.</summary>
public sealed class WeightsNotFoundException(string message, TorchvisionWeightFile file, string expectedPath, Exception? inner = null)
    : FileNotFoundException(message, expectedPath, inner)
{
    /// <summary>The registry entry.</summary>
    public TorchvisionWeightFile File { get; } = file;

    /// <summary>Where the file must be put.</summary>
    public string ExpectedPath { get; } = expectedPath;
}
