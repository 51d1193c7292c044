using static TorchSharp.torch;

namespace TransferGuide.Tests.Training;

public class CheckpointTests
{
    static CheckpointHeader Header(ResNet model) => new()
    {
        Architecture = ModelZoo.ResNet18ImageNet,
        Classes = ["ants", "bees", "wasps"],
        Preprocessing = Preprocessing.CntkResNet,
        Recipe = "feature-extraction",
        Dataset = "test",
        Epoch = 3,
        Step = 42,
        History = new MetricsHistory { Epochs = [new EpochMetrics(1, 0.5, 0.8, 0.6, 0.75, 1e-3, 0.1)] },
    };

    static ResNet SmallModel() => TestModels.SeededResNet18(seed: 1, classes: 3);

    /// <summary>Saves a small model's checkpoint at <paramref name="path"/>, then writes back its bytes as <paramref name="damage"/> leaves them (a cut-off copy, a bad disk, a newer kit).</summary>
    static void SaveDamaged(string path, Func<byte[], byte[]> damage)
    {
        using var model = SmallModel();
        Checkpoint.Save(path, model, Header(model));
        File.WriteAllBytes(path, damage(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Round_trip_keeps_weights_header_and_predictions()
    {
        using var dir = new TempDir();
        using var model = SmallModel();
        model.eval();
        var path = dir.Combine("model.tgck");
        Checkpoint.Save(path, model, Header(model));

        var (loaded, header, _) = Checkpoint.Load(path);
        using (loaded)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var x = randn(2, 3, 224, 224);
            Assert.True(model.call(x).allclose(loaded.call(x), rtol: 0, atol: 0));
        }
        Assert.Equal(["ants", "bees", "wasps"], header.Classes);
        Assert.Equal(Preprocessing.CntkResNet, header.Preprocessing);
        Assert.Equal(42, header.Step);
        Assert.Equal(0.75, header.History.Epochs.Single().ValidAccuracy);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Truncated_checkpoint_is_refused_by_name()
    {
        using var dir = new TempDir();
        var path = dir.Combine("model.tgck");
        SaveDamaged(path, bytes => bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Altered_byte_is_caught_by_the_integrity_check()
    {
        using var dir = new TempDir();
        var path = dir.Combine("model.tgck");
        SaveDamaged(path, bytes =>
        {
            bytes[bytes.Length / 2] ^= 0xFF;
            return bytes;
        });
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
    }

    [Fact]
    public void Other_files_and_newer_formats_get_clear_errors()
    {
        using var dir = new TempDir();
        var notes = dir.Bytes("notes.tgck", "hello world, not a checkpoint"u8.ToArray());
        Assert.Contains("not a TransferGuide checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Load(notes)).Message);

        var empty = dir.Bytes("empty.tgck", []);
        Assert.Contains("empty", Assert.Throws<CheckpointException>(() => Checkpoint.Load(empty)).Message);

        var path = dir.Combine("future.tgck");
        SaveDamaged(path, bytes =>
        {
            BitConverter.GetBytes(Checkpoint.FormatVersion + 1).CopyTo(bytes, 6);
            return bytes;
        });
        Assert.Contains("Update TransferGuide", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);

        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Combine("missing.tgck"))).Message);
    }

    [Fact]
    public void Streamed_sections_keep_the_documented_layout_and_read_back()
    {
        using var dir = new TempDir();
        using var model = SmallModel();
        var path = dir.Combine("model.tgck");
        byte[] optimizer = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        Checkpoint.Save(path, model, Header(model), [("optimizer", w => w.Write(optimizer)), ("empty", _ => { })]);

        // The layout a reader of format 1 expects: magic, version, header, count, then (name, length, bytes) per
        // section, and the SHA-256 of all of that. The lengths are patched in after each section is streamed.
        var bytes = File.ReadAllBytes(path);
        using var r = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal("TGCKPT"u8.ToArray(), r.ReadBytes(6));
        Assert.Equal(Checkpoint.FormatVersion, r.ReadInt32());
        r.ReadString();
        Assert.Equal(3, r.ReadInt32());
        Assert.Equal("model", r.ReadString());
        r.ReadBytes(checked((int)r.ReadInt64()));
        Assert.Equal("optimizer", r.ReadString());
        Assert.Equal(optimizer.Length, r.ReadInt64());
        Assert.Equal(optimizer, r.ReadBytes(optimizer.Length));
        Assert.Equal("empty", r.ReadString());
        Assert.Equal(0, r.ReadInt64());
        Assert.Equal(bytes.Length - 32, r.BaseStream.Position);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);

        var (loaded, _, sections) = Checkpoint.Load(path);
        loaded.Dispose();
        Assert.Equal(optimizer, sections["optimizer"]);
        Assert.Empty(sections["empty"]);
    }

    [Fact]
    public void A_failed_save_keeps_the_previous_checkpoint()
    {
        using var dir = new TempDir();
        var path = dir.Combine("model.tgck");
        File.WriteAllText(path, "previous");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw new InvalidOperationException("disk full"); }));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
