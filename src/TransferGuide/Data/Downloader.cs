using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace TransferGuide.Data;

/// <summary>Progress of a download: bytes so far and the total when the server says it.</summary>
/// <param name="File">What is being fetched.</param>
/// <param name="Bytes">Bytes received, resumed bytes included.</param>
/// <param name="TotalBytes">Total size, when known.</param>
/// <param name="Message">A line for people (e.g. the hash of an archive with no pinned SHA-256).</param>
public sealed record DownloadProgress(string File, long Bytes, long? TotalBytes, string? Message = null);

/// <summary>
/// Downloads with resume (HTTP Range onto a <c>.part</c> file), checks SHA-256, and unpacks atomically:
/// the dataset folder appears only once it is complete, so a stopped download never leaves a half folder.
/// </summary>
public static class Downloader
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>Fetches <paramref name="url"/> to <paramref name="destination"/>, resuming a previous partial download.</summary>
    /// <returns>The file's SHA-256, lower-case hex.</returns>
    /// <exception cref="InvalidDataException">The hash differs from <paramref name="expectedSha256"/>.</exception>
    public static string Download(string url, string destination, string? expectedSha256, IProgress<DownloadProgress>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var part = destination + ".part";
        var uri = new Uri(url);
        if (uri.IsFile)
        {
            File.Copy(uri.LocalPath, part, overwrite: true);
            progress?.Report(new DownloadProgress(url, new FileInfo(part).Length, new FileInfo(part).Length));
        }
        else
        {
            long have = File.Exists(part) ? new FileInfo(part).Length : 0;
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            using var response = Http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable) have = 0;
            else response.EnsureSuccessStatusCode();
            bool resumed = have > 0 && response.StatusCode == System.Net.HttpStatusCode.PartialContent;
            if (!resumed) have = 0;
            long? total = response.Content.Headers.ContentLength is { } len ? len + have : null;
            using var body = response.Content.ReadAsStream(cancel);
            using (var file = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write))
            {
                var buffer = new byte[1 << 16];
                long done = have, lastReport = 0;
                int n;
                while ((n = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    file.Write(buffer, 0, n);
                    done += n;
                    if (done - lastReport > 1 << 20) { progress?.Report(new DownloadProgress(url, done, total)); lastReport = done; }
                }
                progress?.Report(new DownloadProgress(url, done, total));
            }
        }

        string sha = Sha256Of(part);
        if (expectedSha256 != null && !string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(part);
            throw new InvalidDataException(
                $"{url} downloaded with SHA-256 {sha}, but the catalog expects {expectedSha256}. The file was deleted; " +
                "try again, and if it repeats the source has changed: report it rather than trusting the file.");
        }
        if (expectedSha256 == null)
            progress?.Report(new DownloadProgress(url, new FileInfo(part).Length, null, $"no SHA-256 is pinned for {url}; it hashed to {sha}"));
        File.Move(part, destination, overwrite: true);
        return sha;
    }

    /// <summary>Downloads a catalog dataset's archive, unpacks it and checks its file counts against the manifest.</summary>
    public static void DownloadDataset(DatasetManifest manifest, string target, IProgress<DownloadProgress>? progress = null, CancellationToken cancel = default)
    {
        var src = manifest.Source;
        if (src.Url == null || src.Archive != "zip")
            throw new InvalidDataException($"{manifest.Name} has no zip archive to download.");
        var downloads = Path.Combine(Path.GetDirectoryName(target)!, ".downloads");
        var archive = Path.Combine(downloads, manifest.Name + ".zip");
        if (!File.Exists(archive)) Download(src.Url, archive, src.Sha256, progress, cancel);

        var staging = target + ".unpacking";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        try
        {
            ZipFile.ExtractToDirectory(archive, staging);
        }
        catch (InvalidDataException e)
        {
            File.Delete(archive);
            throw new InvalidDataException($"{archive} is not a valid zip ({e.Message}); it was deleted, run again to download it afresh.", e);
        }
        var root = src.ArchiveRoot == null ? staging : Path.Combine(staging, src.ArchiveRoot);
        if (!Directory.Exists(root))
            throw new InvalidDataException($"{archive} has no folder {src.ArchiveRoot}; the source's layout has changed.");
        CheckCounts(manifest, root);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(root, target);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
    }

    /// <summary>Checks that each split/class folder holds the number of files the manifest says.</summary>
    public static void CheckCounts(DatasetManifest manifest, string root)
    {
        var problems = new List<string>();
        foreach (var (split, classes) in manifest.Splits)
            foreach (var (cls, expected) in classes)
            {
                var dir = Path.Combine(root, split, cls);
                int found = Directory.Exists(dir) ? Directory.GetFiles(dir).Length : 0;
                if (found != expected) problems.Add($"{split}/{cls}: {found} files, expected {expected}");
            }
        if (problems.Count > 0)
            throw new InvalidDataException($"The downloaded {manifest.Name} does not match the catalog: " + string.Join("; ", problems));
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
