using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Training;

/// <summary>Thrown when a checkpoint cannot be used; the message names the file, what is wrong and what to do.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What a checkpoint says about itself: enough to rebuild the model and carry on.</summary>
public sealed record CheckpointHeader
{
    /// <summary>Model id in the <see cref="ModelZoo"/>.</summary>
    public required string Architecture { get; init; }
    /// <summary>Class names, in label order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>How inputs were prepared.</summary>
    public required Preprocessing Preprocessing { get; init; }
    /// <summary>Recipe that made it, e.g. "feature-extraction".</summary>
    public string Recipe { get; init; } = "";
    /// <summary>Dataset it was trained on.</summary>
    public string Dataset { get; init; } = "";
    /// <summary>Completed epochs.</summary>
    public int Epoch { get; init; }
    /// <summary>Completed optimiser steps.</summary>
    public long Step { get; init; }
    /// <summary>Head dropout the model was built with.</summary>
    public double HeadDropout { get; init; }
    /// <summary>Metrics so far.</summary>
    public MetricsHistory History { get; init; } = new();
    /// <summary>When it was written (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
    /// <summary>Where the training images came from (format 2 on); null in format 1 files and for unknown sources.</summary>
    public TransferGuide.Data.DataSource? DataSource { get; init; }
    /// <summary>A text classifier's encoder, tokenizer and pooling; null for image models.</summary>
    public TransferGuide.Models.Text.TextModelSettings? Text { get; init; }
    /// <summary>
    /// How an audio classifier's clips became inputs (sample rate, log-mel settings, normalisation), so that evaluation
    /// and prediction rebuild the very input it was trained on; null for image and text models.
    /// </summary>
    public TransferGuide.Augment.Audio.AudioInputSettings? Audio { get; init; }
}

/// <summary>
/// One-file checkpoints, written atomically and versioned. Layout: "TGCKPT" magic, format version,
/// a JSON header, named binary sections (model weights in TorchSharp's format; optionally optimiser and
/// RNG state), then a SHA-256 of everything before it. A truncated or altered file is refused with a clear
/// error instead of loading wrong weights.
/// </summary>
public static class Checkpoint
{
    static readonly byte[] Magic = "TGCKPT"u8.ToArray();

    /// <summary>
    /// The format this kit writes. 2 added the data source to the header; format 1 files still load (their
    /// <see cref="CheckpointHeader.DataSource"/> is null, so resuming one needs the data named again).
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest format this kit reads.</summary>
    public const int OldestReadableVersion = 1;

    /// <summary>Writes model and header (and any extra sections) to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ZooModel model, CheckpointHeader header, IReadOnlyDictionary<string, byte[]>? extraSections = null) =>
        Save(path, model, header, (extraSections ?? new Dictionary<string, byte[]>())
            .Select(kv => (kv.Key, (Action<BinaryWriter>)(w => w.Write(kv.Value)))).ToList());

    /// <summary>
    /// Writes model, header and sections that write themselves (e.g. the optimiser state) to <paramref name="path"/>
    /// atomically. Each section goes straight into the file and its length is patched in after it; the hash is
    /// computed by reading the file back. A section is never held in memory whole: buffering the model and the
    /// optimiser state (about 150 MB for a ResNet18 with AdamW) raised the peak memory of every epoch's checkpoint.
    /// </summary>
    public static void Save(string path, ZooModel model, CheckpointHeader header, IReadOnlyList<(string Name, Action<BinaryWriter> Write)> extraSections)
    {
        var sections = new List<(string Name, Action<BinaryWriter> Write)> { ("model", w => model.save(w)) };
        sections.AddRange(extraSections);
        long expected = ExpectedBytes(model.state_dict().Values.Sum(t => t.NumberOfElements * t.ElementSize), extraSections.Select(s => s.Name));
        AtomicFile.Write(path, stream =>
        {
            using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(FormatVersion);
                w.Write(JsonSerializer.Serialize(header, JsonOptions));
                w.Write(sections.Count);
                foreach (var (name, write) in sections)
                {
                    w.Write(name);
                    long lengthAt = stream.Position;
                    w.Write(0L);
                    write(w);
                    w.Flush();
                    long end = stream.Position;
                    stream.Position = lengthAt;
                    w.Write(end - lengthAt - sizeof(long));
                    w.Flush();
                    stream.Position = end;
                }
            }
            stream.Position = 0;
            var hash = SHA256.HashData(stream);
            stream.Write(hash);
        }, expected);
    }

    /// <summary>
    /// About how large a checkpoint will be, for the disk-full message only: the weights once, twice more for an
    /// Adam-style optimiser's two moments, once more for the best epoch's weights that early stopping keeps. The small
    /// sections (header, RNG, learner state) are left out.
    /// </summary>
    /// <param name="weightBytes">The model's parameters and buffers, in bytes.</param>
    /// <param name="sections">The names of the sections after the model.</param>
    internal static long ExpectedBytes(long weightBytes, IEnumerable<string> sections)
    {
        var names = sections.ToHashSet();
        return weightBytes * (1 + (names.Contains("optimizer") ? 2 : 0) + (names.Contains(EarlyStoppingCallback.SectionName) ? 1 : 0));
    }

    /// <summary>Reads the header only, checking the whole file's integrity first.</summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var stream = OpenChecked(path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        return Guarded(path, () => Header(path, r));
    }

    /// <summary>Rebuilds the model (architecture from the header, weights from the file) and returns it with its header.</summary>
    /// <remarks>
    /// The file is streamed, never held whole: the model's weights load straight from it, and only the other
    /// sections (optimiser, best weights, RNG) become byte arrays. Reading the whole file and then copying each
    /// section out of it held about three times the file (~0.5 GB for a ResNet18 with AdamW) while resuming, and the
    /// resumed run then trained 280 MB above an unbroken one.
    /// </remarks>
    public static (ZooModel Model, CheckpointHeader Header, IReadOnlyDictionary<string, byte[]> Sections) Load(string path)
    {
        using var stream = OpenChecked(path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        var header = Guarded(path, () => Header(path, r));
        ZooModel model = header.Text is { } text
            ? TransferGuide.Models.Text.TextClassifier.Create(text, header.Classes.Count, pretrained: false)
            : ModelZoo.Create(header.Architecture, header.Classes.Count, pretrained: false, headDropout: header.HeadDropout);
        try
        {
            var sections = Guarded(path, () => Sections(path, r, stream.Length - HashLength, model, header.Architecture));
            model.eval();
            return (model, header, sections);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    const int HashLength = 32;

    /// <summary>Opens the file after checking its magic, version and SHA-256 (streamed); positioned after the version.</summary>
    static FileStream OpenChecked(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException($"Checkpoint {Path.GetFullPath(path)} does not exist. Check the path; runs keep theirs in runs/<id>/model.tgck.");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            long length = stream.Length;
            var start = new byte[Magic.Length + sizeof(int)];
            int got = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            if (got < Magic.Length || !start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new CheckpointException($"{path} is not a TransferGuide checkpoint (wrong magic bytes){(length == 0 ? "; the file is empty" : "")}.");
            if (length < Magic.Length + sizeof(int) + HashLength)
                throw new CheckpointException(Truncated(path, length));
            int version = BitConverter.ToInt32(start, Magic.Length);
            if (version > FormatVersion)
                throw new CheckpointException($"{path} uses checkpoint format {version}; this kit reads up to {FormatVersion}. Update TransferGuide to load it.");
            if (version < OldestReadableVersion)
                throw new CheckpointException($"{path} has an invalid format version {version}; it is damaged.");
            stream.Position = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            for (long left = length - HashLength; left > 0;)
            {
                int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0) throw new CheckpointException(Truncated(path, length));
                sha.AppendData(buffer, 0, n);
                left -= n;
            }
            var stored = new byte[HashLength];
            stream.ReadExactly(stored);
            if (!sha.GetHashAndReset().AsSpan().SequenceEqual(stored))
                throw new CheckpointException(
                    $"{path} failed its integrity check: it is truncated or damaged ({length} bytes). " +
                    "Use an earlier checkpoint or train again; nothing was loaded.");
            stream.Position = Magic.Length + sizeof(int);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    static CheckpointHeader Header(string path, BinaryReader r) =>
        JsonSerializer.Deserialize<CheckpointHeader>(r.ReadString(), JsonOptions) ?? throw new CheckpointException($"{path} has an empty header.");

    /// <summary>Reads the sections up to <paramref name="end"/>: "model" into <paramref name="model"/>, the rest as bytes.</summary>
    static Dictionary<string, byte[]> Sections(string path, BinaryReader r, long end, ZooModel model, string architecture)
    {
        int count = r.ReadInt32();
        var sections = new Dictionary<string, byte[]>();
        bool hasModel = false;
        for (int i = 0; i < count; i++)
        {
            var name = r.ReadString();
            long length = r.ReadInt64();
            long from = r.BaseStream.Position;
            if (length < 0 || from + length > end) throw new EndOfStreamException($"section '{name}' runs past the end of the file");
            if (name == "model")
            {
                try { model.load(r); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or KeyNotFoundException)
                {
                    throw new CheckpointException($"{path}: the model weights do not fit architecture {architecture} ({e.Message}).", e);
                }
                if (r.BaseStream.Position != from + length)
                    throw new CheckpointException($"{path}: the model weights do not fit architecture {architecture} (they take {length} bytes, the model read {r.BaseStream.Position - from}).");
                hasModel = true;
            }
            else sections[name] = r.ReadBytes(checked((int)length));
        }
        if (!hasModel) throw new CheckpointException($"{path} holds no model weights.");
        return sections;
    }

    /// <summary>Turns a structural read failure into a <see cref="CheckpointException"/> that names the file.</summary>
    static T Guarded<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is EndOfStreamException or JsonException or OverflowException)
        {
            throw new CheckpointException($"{path} is damaged: {e.Message}", e);
        }
    }

    static string Truncated(string path, long length) =>
        $"{path} is truncated ({length} bytes): it was cut off while being copied or written. Use an earlier checkpoint or train again.";

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
