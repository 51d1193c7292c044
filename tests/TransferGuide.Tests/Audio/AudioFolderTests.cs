namespace TransferGuide.Tests.Audio;

public class AudioFolderTests
{
    [Fact]
    public void Fsdd_loads_with_the_catalog_counts()
    {
        var data = AudioFolder.FromCatalog("fsdd");
        var manifest = DatasetCatalog.Get("fsdd");
        Assert.Equal(manifest.Classes, data.Classes);
        Assert.Empty(data.Report.Skipped);
        foreach (var split in new[] { "train", "test" })
            for (int c = 0; c < data.Classes.Count; c++)
                Assert.Equal(manifest.Splits[split][data.Classes[c]], data.Split(split).Count(i => i.Label == c));
    }

    [Fact]
    public void Non_wav_and_corrupt_files_are_skipped_and_named()
    {
        using var dir = new TempDir();
        foreach (var cls in new[] { "yes", "no" })
            for (int i = 0; i < 2; i++) WavFile.Write(dir.Combine("words", cls, $"{i}.wav"), Waveform.Tone(300 + 100 * i, 0.1));
        var text = dir.Bytes("words/yes/notes.txt", "not audio"u8.ToArray());
        var truncated = dir.Bytes("words/no/cut.wav", WavFileTests.BadWav(dir, "truncated"));
        var empty = dir.Bytes("words/no/empty.wav", []);

        var data = AudioFolder.Load(dir.Combine("words"));
        Assert.Equal(["no", "yes"], data.Classes);
        Assert.Equal(4, data.Items.Count);
        Assert.Equal("all", data.Items[0].Split);
        var skipped = data.Report.Skipped.ToDictionary(s => s.Path, s => s.Reason);
        Assert.Equal(3, skipped.Count);
        Assert.Contains("not a WAV file", skipped[text]);
        Assert.Contains("truncated", skipped[truncated]);
        Assert.Contains("empty", skipped[empty]);
        Assert.Contains(truncated, data.Report.ToString());
    }

    [Fact]
    public void An_empty_or_unreadable_class_folder_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        WavFile.Write(dir.Combine("d", "yes", "a.wav"), Waveform.Tone(300, 0.1));
        Directory.CreateDirectory(dir.Combine("d", "no"));
        var e = Assert.Throws<DataLayoutException>(() => AudioFolder.Load(dir.Combine("d")));
        Assert.Contains(dir.Combine("d", "no"), e.Message);
        Assert.Contains("empty", e.Message);

        dir.Bytes("d/no/broken.wav", "RIFF"u8.ToArray());
        e = Assert.Throws<DataLayoutException>(() => AudioFolder.Load(dir.Combine("d")));
        Assert.Contains("none readable", e.Message);
    }

    [Fact]
    public void Classes_that_differ_between_splits_are_an_error_naming_them()
    {
        using var dir = new TempDir();
        foreach (var (split, cls) in new[] { ("train", "yes"), ("train", "no"), ("test", "yes"), ("test", "maybe") })
            WavFile.Write(dir.Combine("d", split, cls, "a.wav"), Waveform.Tone(300, 0.1));
        var e = Assert.Throws<DataLayoutException>(() => AudioFolder.Load(dir.Combine("d")));
        Assert.Contains("'test' has maybe", e.Message);
        Assert.Contains("lacks no", e.Message);
        Assert.Throws<DataLayoutException>(() => AudioFolder.Load(dir.Combine("nowhere")));
    }
}
