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
        // For the disk-full message only: the weights, twice more for an Adam-style optimiser's two moments.
        long weights = model.state_dict().Values.Sum(t => t.NumberOfElements * t.ElementSize);
        long expected = weights * (extraSections.Any(s => s.Name == "optimizer") ? 3 : 1);
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

    /// <summary>Reads the header only, checking the whole file's integrity first.</summary>
    public static CheckpointHeader ReadHeader(string path) => Read(path).Header;

    /// <summary>Rebuilds the model (architecture from the header, weights from the file) and returns it with its header.</summary>
    public static (ZooModel Model, CheckpointHeader Header, IReadOnlyDictionary<string, byte[]> Sections) Load(string path)
    {
        var (header, sections) = Read(path);
        ZooModel model = header.Text is { } text
            ? TransferGuide.Models.Text.TextClassifier.Create(text, header.Classes.Count, pretrained: false)
            : ModelZoo.Create(header.Architecture, header.Classes.Count, pretrained: false, headDropout: header.HeadDropout);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(sections["model"]));
            model.load(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or KeyNotFoundException)
        {
            throw new CheckpointException($"{path}: the model weights do not fit architecture {header.Architecture} ({e.Message}).", e);
        }
        model.eval();
        return (model, header, sections);
    }

    static (CheckpointHeader Header, Dictionary<string, byte[]> Sections) Read(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException($"Checkpoint {Path.GetFullPath(path)} does not exist. Check the path; runs keep theirs in runs/<id>/model.tgck.");
        var bytes = File.ReadAllBytes(path);
        const int hashLength = 32;
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"{path} is not a TransferGuide checkpoint (wrong magic bytes){(bytes.Length == 0 ? "; the file is empty" : "")}.");
        if (bytes.Length < Magic.Length + sizeof(int) + hashLength)
            throw new CheckpointException(Truncated(path, bytes.Length));
        var body = bytes.AsSpan(0, bytes.Length - hashLength);
        var stored = bytes.AsSpan(bytes.Length - hashLength);
        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version > FormatVersion)
            throw new CheckpointException($"{path} uses checkpoint format {version}; this kit reads up to {FormatVersion}. Update TransferGuide to load it.");
        if (version < OldestReadableVersion)
            throw new CheckpointException($"{path} has an invalid format version {version}; it is damaged.");
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(stored))
            throw new CheckpointException(
                $"{path} failed its integrity check: it is truncated or damaged ({bytes.Length} bytes). " +
                "Use an earlier checkpoint or train again; nothing was loaded.");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            r.ReadInt32();
            var header = JsonSerializer.Deserialize<CheckpointHeader>(r.ReadString(), JsonOptions)
                         ?? throw new CheckpointException($"{path} has an empty header.");
            int count = r.ReadInt32();
            var sections = new Dictionary<string, byte[]>();
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                long length = r.ReadInt64();
                sections[name] = r.ReadBytes(checked((int)length));
            }
            if (!sections.ContainsKey("model")) throw new CheckpointException($"{path} holds no model weights.");
            return (header, sections);
        }
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
