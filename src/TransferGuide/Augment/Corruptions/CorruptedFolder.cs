using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Core;
using TransferGuide.Data;

namespace TransferGuide.Augment.Corruptions;

/// <summary>What <see cref="CorruptedFolder.Write"/> did.</summary>
/// <param name="Root">The corrupted dataset folder, absolute.</param>
/// <param name="Written">Images corrupted and written by this call.</param>
/// <param name="Kept">Images already there from an earlier, stopped run, left as they were.</param>
/// <param name="Report">Files that could not be decoded (and what loading the dataset skipped), with reasons.</param>
public sealed record CorruptedCopy(string Root, int Written, int Kept, LoadReport Report);

/// <summary>The settings a corrupted copy was made with, kept in its folder as <see cref="CorruptedFolder.SettingsFile"/>.</summary>
/// <param name="Corruption">One of <see cref="Corruptions.Names"/>.</param>
/// <param name="Severity">1 to 5.</param>
/// <param name="Seed">The seed every image's random source is derived from.</param>
/// <param name="Source">The clean dataset folder.</param>
public sealed record CorruptionSettings(string Corruption, int Severity, int Seed, string Source);

/// <summary>
/// Writes a corrupted copy of an image dataset: the same split and class folders and file names, each image
/// decoded, corrupted and written again, for training or evaluating on a shifted domain. Each image's random source
/// is seeded by the seed and the image's path inside the dataset, never by the order of work, so a copy is the same
/// on every run and any number of threads. Each file is written whole or not at all (a temporary file, then a
/// rename), so a stopped run resumes: files already there are kept.
/// </summary>
public static class CorruptedFolder
{
    /// <summary>The file in the copy's folder that says how it was made (JSON).</summary>
    public const string SettingsFile = "corruption.json";

    /// <summary>JPEG quality of copies of JPEG files: high, so that saving adds little to the corruption.</summary>
    public const int JpegQuality = 95;

    /// <summary>
    /// Corrupts every item of <paramref name="data"/> with <paramref name="corruption"/> at <paramref name="severity"/>
    /// into <paramref name="outDir"/>. A JPEG (.jpg, .jpeg) stays a JPEG and a PNG a PNG under its own name; any other
    /// format is written as PNG with ".png" added to its name.
    /// </summary>
    /// <exception cref="ArgumentException">A bad corruption or severity; <paramref name="outDir"/> is the dataset or
    /// inside it; or it holds something else (another copy's settings, or files not written here).</exception>
    /// <exception cref="OperationCanceledException">Stopped; the files finished so far are complete and kept.</exception>
    public static CorruptedCopy Write(ImageDataset data, string outDir, string corruption, int severity, int seed,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var transform = Corruptions.Create(corruption, severity);
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(data.Root));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (IsSameOrInside(root, source))
            throw new ArgumentException($"The output folder {root} is {(PathsEqual(root, source) ? "the dataset itself" : "inside the dataset " + source)}: " +
                                        "the copy must not overwrite or mix with the clean images. Pass --out a folder outside it.");
        var settings = new CorruptionSettings(Corruptions.Canonical(corruption), severity, seed, source);
        CheckOrClaim(root, settings);
        RemoveStaleTemporaries(root);

        var report = new LoadReport(data.Report.MaxPixels);
        foreach (var s in data.Report.Skipped) report.Skip(s.Path, s.Reason);
        int written = 0, kept = 0, done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, data.Items.Count, options, i =>
        {
            var item = data.Items[i];
            var relative = Path.GetRelativePath(source, item.Path).Replace('\\', '/');
            var target = Path.Combine(root, OutputName(relative));
            if (File.Exists(target)) Interlocked.Increment(ref kept);
            else
                try
                {
                    using var image = ImageDecoder.LoadRgb(item.Path, data.Report.MaxPixels);
                    transform.Apply(image, new Random(SeedOf(seed, relative)));
                    AtomicFile.Write(target, stream => Save(image, stream, target));
                    Interlocked.Increment(ref written);
                }
                catch (ImageDecodeException e) { report.Skip(item.Path, e.Reason); }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new CorruptedCopy(root, written, kept, report);
    }

    /// <summary>The seed of one image's random source: the run's seed and its path inside the dataset ('/' separated).</summary>
    public static int SeedOf(int seed, string relativePath)
    {
        // FNV-1a over the UTF-8 bytes: the same in every process (string.GetHashCode is randomised per process).
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/'))) hash = (hash ^ b) * 16777619;
        return Reproducibility.Mix(seed, unchecked((int)hash));
    }

    /// <summary>
    /// Eight hex digits naming the clean dataset folder by its full path, for cache folders named by their inputs: two
    /// checkouts (or two copies of a dataset) at different paths get different copies instead of refusing each other's.
    /// </summary>
    public static string SourceTag(string sourceRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot));
        return ((uint)SeedOf(0, full)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The copy's name for a file: its own for JPEG and PNG, with ".png" added for other formats.</summary>
    public static string OutputName(string relativePath) => IsJpeg(relativePath) || IsPng(relativePath) ? relativePath : relativePath + ".png";

    static bool IsJpeg(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg";

    static bool IsPng(string path) => Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);

    static void Save(Image<Rgb24> image, Stream stream, string target)
    {
        if (IsJpeg(target)) image.SaveAsJpeg(stream, new JpegEncoder { Quality = JpegQuality });
        else image.SaveAsPng(stream);
    }

    /// <summary>
    /// Writes the settings into a new or empty folder; in a folder that has them already, checks that they are the same
    /// (a resumed run), so a copy never mixes two corruptions, severities, seeds or sources.
    /// </summary>
    static void CheckOrClaim(string root, CorruptionSettings settings)
    {
        var file = Path.Combine(root, SettingsFile);
        if (File.Exists(file))
        {
            CorruptionSettings? found;
            try { found = JsonSerializer.Deserialize<CorruptionSettings>(File.ReadAllText(file)); }
            catch (JsonException) { found = null; }
            if (found == settings) return;
            throw new ArgumentException($"{root} already holds a corrupted copy made with other settings " +
                                        (found is null ? $"(its {SettingsFile} cannot be read)" : $"({Describe(found)}; this run is {Describe(settings)})") +
                                        ". Pass another --out, or delete that folder to make it again.");
        }
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new ArgumentException($"{root} is not empty and is not a corrupted copy (it has no {SettingsFile}). " +
                                        "Pass --out a new or empty folder.");
        AtomicFile.Write(file, s => JsonSerializer.Serialize(s, settings, new JsonSerializerOptions { WriteIndented = true }));
    }

    static string Describe(CorruptionSettings s) => $"{s.Corruption} severity {s.Severity}, seed {s.Seed}, from {s.Source}";

    /// <summary>Removes the temporary files a stopped run left half-written (AtomicFile names them "*.tmp").</summary>
    static void RemoveStaleTemporaries(string root)
    {
        foreach (var temp in Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories))
            File.Delete(temp);
    }

    static bool IsSameOrInside(string path, string folder) =>
        PathsEqual(path, folder) || path.StartsWith(folder + Path.DirectorySeparatorChar, PathComparison);

    static bool PathsEqual(string a, string b) => string.Equals(a, b, PathComparison);

    static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
