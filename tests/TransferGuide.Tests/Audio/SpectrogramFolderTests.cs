using SixLabors.ImageSharp;

namespace TransferGuide.Tests.Audio;

public class SpectrogramFolderTests
{
    [Fact]
    public void Audio_classes_become_an_image_dataset_with_seeded_augmented_copies()
    {
        using var dir = new TempDir();
        foreach (var split in new[] { "train", "test" })
            for (int i = 0; i < 2; i++)
            {
                WavFile.Write(dir.Combine("tones", split, "low", $"l{i}.wav"), Waveform.Tone(300 + 20 * i, 0.3));
                WavFile.Write(dir.Combine("tones", split, "high", $"h{i}.wav"), Waveform.Tone(2000 + 50 * i, 0.3));
            }
        dir.Bytes("tones/train/low/readme.txt", "not audio"u8.ToArray());
        var audio = AudioFolder.Load(dir.Combine("tones"));
        var mel = new LogMelSpectrogram { Height = 32, Width = 48 };
        IAudioTransform[] augment = [new TimeShift(0.2), new AddNoise(20)];

        var export = SpectrogramFolder.Export(audio, dir.Combine("mel"), mel, augment, copies: 2, seed: 5);
        Assert.Equal((8 + 8, 8), (export.Written, export.Augmented));
        Assert.Single(export.Report.Skipped); // the text file, carried over from loading

        var images = ImageFolder.Load(dir.Combine("mel"));
        Assert.Equal(["high", "low"], images.Classes);
        Assert.Equal(12, images.Split("train").Count);
        Assert.Equal(4, images.Split("test").Count);
        using (var picture = Image.Load(dir.Combine("mel", "train", "low", "l0.aug1.png")))
            Assert.Equal((48, 32), (picture.Width, picture.Height));

        var again = SpectrogramFolder.Export(audio, dir.Combine("mel2"), mel, augment, copies: 2, seed: 5);
        Assert.Equal(File.ReadAllBytes(dir.Combine("mel", "train", "high", "h1.aug2.png")), File.ReadAllBytes(dir.Combine("mel2", "train", "high", "h1.aug2.png")));

        Assert.Throws<ArgumentException>(() => SpectrogramFolder.Export(audio, dir.Combine("mel3"), mel, copies: 1));
    }
}
