namespace TransferGuide.Tests.Cli;

[Collection(TransferGuide.Tests.Cli.LiveConsoleCollection.Name)] // tg verbs show live displays; Spectre allows one per process
public class TextAudioCliTests
{
    [Fact]
    public void Text_augment_shows_sst2_and_names_a_malformed_file()
    {
        using var dir = new TempDir();
        // A small WordNet-format database stands in for wordnet-base (WordNetTests checks the real one).
        var wordnet = TransferGuide.Tests.Text.WordNetFixture.WriteEveryday(dir.Combine("wordnet"));
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["text", "augment", "--count", "1", "--wordnet", wordnet]));
        var bad = dir.Bytes("bad.txt", "pos\tfine\nno tab here\n"u8.ToArray());
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["text", "augment", "--data", bad, "--wordnet", wordnet]));
        // A --wordnet folder without the database fails (naming wordnet-base) rather than falling back.
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["text", "augment", "--count", "1", "--wordnet", dir.Combine("no-wordnet")]));
    }

    [Fact]
    public void Audio_spectrograms_writes_an_image_dataset()
    {
        using var dir = new TempDir();
        foreach (var cls in new[] { "low", "high" })
            WavFile.Write(dir.Combine("clips", cls, "a.wav"), Waveform.Tone(cls == "low" ? 300 : 2000, 0.2));
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["audio", "spectrograms", "--data", dir.Combine("clips"), "--out", dir.Combine("mel"), "--size", "32"]));
        Assert.True(File.Exists(dir.Combine("mel", "all", "low", "a.png")));
        Assert.True(File.Exists(dir.Combine("mel", "augmentation-gallery.png")));
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["audio", "spectrograms", "--data", dir.Combine("missing"), "--out", dir.Combine("mel2")]));
    }

    [Fact]
    public void Fewlabels_writes_k_images_per_class_and_refuses_too_many()
    {
        using var dir = new TempDir();
        var idx = TransferGuide.Tests.Data.FashionMnistTests.WriteFixture(dir, perClass: 3);
        Assert.Equal(0, TransferGuide.Tests.Cli.Tg.Exec(["fewlabels", "-k", "2", "--test-per-class", "1", "--data", idx, "--out", dir.Combine("few")]));
        Assert.Equal(20, Directory.GetFiles(dir.Combine("few", "train"), "*.png", SearchOption.AllDirectories).Length);
        Assert.Equal(10, Directory.GetFiles(dir.Combine("few", "test"), "*.png", SearchOption.AllDirectories).Length);
        Assert.NotEqual(0, TransferGuide.Tests.Cli.Tg.Exec(["fewlabels", "-k", "4", "--data", idx, "--out", dir.Combine("few2")]));
    }
}
