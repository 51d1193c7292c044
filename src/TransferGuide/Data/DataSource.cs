using System.Security.Cryptography;
using System.Text;

namespace TransferGuide.Data;

/// <summary>
/// Where a run's images came from, as its checkpoint records it: a catalog dataset by name, or a folder by its
/// absolute path with a fingerprint of its file list (relative paths and sizes, hashed). Resuming reads it back, so
/// a run never quietly continues on other data; <see cref="Compare"/> says what changed in a folder since.
/// </summary>
public sealed record DataSource
{
    /// <summary>Catalog dataset name (e.g. hymenoptera_data), or null for a folder.</summary>
    public string? Catalog { get; init; }
    /// <summary>The folder, absolute, or null for a catalog dataset.</summary>
    public string? Folder { get; init; }
    /// <summary>SHA-256 (hex) of <see cref="Files"/> joined by newlines.</summary>
    public string? Fingerprint { get; init; }
    /// <summary>Every file under <see cref="Folder"/> as "relative/path\tsize", sorted ordinally.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>A catalog dataset.</summary>
    public static DataSource ForCatalog(string name) => new() { Catalog = name };

    /// <summary>A folder, fingerprinted now.</summary>
    public static DataSource ForFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        var files = List(full);
        return new DataSource { Folder = full, Files = files, Fingerprint = Hash(files) };
    }

    /// <summary>How to name this source on the command line: <c>--dataset NAME</c> or <c>--data "DIR"</c>.</summary>
    public string Option => Catalog != null ? $"--dataset {Catalog}" : $"--data {Quote(Folder ?? "")}";

    /// <summary>What changed in the folder since it was fingerprinted; null when nothing did (or it is a catalog dataset).</summary>
    public DataChange? Compare()
    {
        if (Folder == null) return null;
        if (!Directory.Exists(Folder)) return new DataChange(Folder, Missing: true, 0, 0, 0, []);
        var now = List(Folder);
        if (Hash(now) == Fingerprint) return null;
        var before = Files.Select(Split).ToDictionary(f => f.Path, f => f.Size, StringComparer.Ordinal);
        var after = now.Select(Split).ToDictionary(f => f.Path, f => f.Size, StringComparer.Ordinal);
        var added = after.Keys.Where(k => !before.ContainsKey(k)).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        var resized = after.Keys.Where(k => before.TryGetValue(k, out var size) && size != after[k]).ToList();
        var examples = added.Select(a => "added " + a).Concat(removed.Select(r => "removed " + r)).Concat(resized.Select(c => "changed " + c)).Take(5).ToList();
        return new DataChange(Folder, Missing: false, added.Count, removed.Count, resized.Count, examples);
    }

    static List<string> List(string root)
    {
        // Hidden files (.DS_Store, editor swap files) come and go without changing the data, so they do not count.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').Any(part => part.StartsWith('.'))) continue;
            long size;
            try { size = new FileInfo(path).Length; }
            catch (IOException) { size = -1; }
            files.Add($"{relative}\t{size}");
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    static string Hash(IReadOnlyList<string> files) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', files))));

    static (string Path, long Size) Split(string line)
    {
        int tab = line.LastIndexOf('\t');
        return (line[..tab], long.Parse(line[(tab + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '&' or ';') ? $"\"{path}\"" : path;
}

/// <summary>What changed in a run's data folder since its checkpoint was written.</summary>
/// <param name="Folder">The folder.</param>
/// <param name="Missing">The folder is gone.</param>
/// <param name="Added">Files there now that were not.</param>
/// <param name="Removed">Files that were there and are not.</param>
/// <param name="Resized">Files whose size changed.</param>
/// <param name="Examples">Up to five of them, e.g. "added train/ants/x.jpg".</param>
public sealed record DataChange(string Folder, bool Missing, int Added, int Removed, int Resized, IReadOnlyList<string> Examples)
{
    /// <summary>The change in words, e.g. "3 files added, 1 removed (added train/a.jpg, ...)".</summary>
    public string Describe() => Missing
        ? $"the data folder {Folder} no longer exists"
        : $"the data folder {Folder} changed since the checkpoint: {Added} file(s) added, {Removed} removed, {Resized} changed in size" +
          (Examples.Count > 0 ? $" ({string.Join(", ", Examples)})" : "");
}
