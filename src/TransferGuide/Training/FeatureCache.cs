using System.Security.Cryptography;
using System.Text;
using TransferGuide.Core;
using TransferGuide.Data;

namespace TransferGuide.Training;

/// <summary>
/// On-disk cache of extracted features, keyed by the weights, the preprocessing and the exact files
/// (path, size, modification time), so that a second run skips extraction and any change re-extracts.
/// Work in progress is appended to a <c>.partial</c> file after every batch, so a stopped extraction
/// resumes where it stopped.
/// </summary>
public sealed class FeatureCache(string folder)
{
    const int Magic = 0x54474643; // "TGFC"
    const int FormatVersion = 2;

    /// <summary>The cache folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>Default location: &lt;user cache&gt;/features.</summary>
    public static FeatureCache Default() => new(Path.Combine(DatasetResolver.CacheRoot(), "features"));

    /// <summary>A key for these weights, preprocessing and files.</summary>
    public static string Key(string weightsId, Data.Preprocessing preprocessing, IEnumerable<DataItem> items)
    {
        var sb = new StringBuilder().Append(weightsId).Append('\n').Append(preprocessing.Describe()).Append('\n');
        foreach (var item in items)
        {
            var info = new FileInfo(item.Path);
            sb.Append(item.Path).Append('|').Append(item.Label).Append('|')
              .Append(info.Exists ? info.Length : -1).Append('|')
              .Append(info.Exists ? info.LastWriteTimeUtc.Ticks : 0).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    string FinalPath(string key) => Path.Combine(Folder, key + ".features");
    string PartialPath(string key) => Path.Combine(Folder, key + ".partial");

    /// <summary>
    /// The cached set, or null when absent or unreadable (an unreadable file is ignored, not trusted).
    /// Files that failed when the set was made are reported again into <paramref name="report"/>.
    /// </summary>
    public FeatureSet? TryLoad(string key, LoadReport? report = null)
    {
        var path = FinalPath(key);
        if (!File.Exists(path)) return null;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != FormatVersion) return null;
            int count = reader.ReadInt32(), dim = reader.ReadInt32();
            var labels = new int[count];
            var paths = new string[count];
            for (int i = 0; i < count; i++) { labels[i] = reader.ReadInt32(); paths[i] = reader.ReadString(); }
            var features = new float[(long)count * dim];
            var bytes = reader.ReadBytes(features.Length * sizeof(float));
            if (bytes.Length != features.Length * sizeof(float)) return null;
            Buffer.BlockCopy(bytes, 0, features, 0, bytes.Length);
            int skipped = reader.ReadInt32();
            for (int i = 0; i < skipped; i++) { var file = reader.ReadString(); var reason = reader.ReadString(); report?.Skip(file, reason); }
            return new FeatureSet(features, dim, labels, paths);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Stores a finished set, and the files that failed, atomically; drops the partial file.</summary>
    public void Save(string key, FeatureSet set, IReadOnlyCollection<SkippedFile> skipped)
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.Write(FinalPath(key), stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic); writer.Write(FormatVersion); writer.Write(set.Count); writer.Write(set.Dim);
            for (int i = 0; i < set.Count; i++) { writer.Write(set.Labels[i]); writer.Write(set.Paths[i]); }
            var bytes = new byte[set.Features.Length * sizeof(float)];
            Buffer.BlockCopy(set.Features, 0, bytes, 0, bytes.Length);
            writer.Write(bytes);
            writer.Write(skipped.Count);
            foreach (var s in skipped) { writer.Write(s.Path); writer.Write(s.Reason); }
        });
        var partial = PartialPath(key);
        if (File.Exists(partial)) File.Delete(partial);
    }

    /// <summary>Rows saved by an interrupted run: item index → features. A torn last record is dropped.</summary>
    public Dictionary<int, float[]> LoadPartial(string key, int dim)
    {
        var result = new Dictionary<int, float[]>();
        var path = PartialPath(key);
        if (!File.Exists(path)) return result;
        using var reader = new BinaryReader(File.OpenRead(path));
        long record = sizeof(int) + (long)dim * sizeof(float);
        while (reader.BaseStream.Length - reader.BaseStream.Position >= record)
        {
            int index = reader.ReadInt32();
            var row = new float[dim];
            Buffer.BlockCopy(reader.ReadBytes(dim * sizeof(float)), 0, row, 0, dim * sizeof(float));
            result[index] = row;
        }
        return result;
    }

    /// <summary>Appends finished rows to the partial file and flushes them to disk.</summary>
    public void AppendPartial(string key, IEnumerable<(int Index, ReadOnlyMemory<float> Row)> rows)
    {
        Directory.CreateDirectory(Folder);
        using var stream = new FileStream(PartialPath(key), FileMode.Append, FileAccess.Write);
        using var writer = new BinaryWriter(stream);
        foreach (var (index, row) in rows)
        {
            writer.Write(index);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.Span));
        }
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
