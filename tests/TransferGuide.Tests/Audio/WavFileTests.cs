using System.Text;

namespace TransferGuide.Tests.Audio;

public class WavFileTests
{
    [Fact]
    public void Writes_and_reads_back_16_bit_pcm()
    {
        using var dir = new TempDir();
        var tone = Waveform.Tone(440, 0.25);
        var path = dir.Combine("tone.wav");
        WavFile.Write(path, tone);
        var back = WavFile.Read(path);
        Assert.Equal((tone.Length, tone.SampleRate), (back.Length, back.SampleRate));
        for (int i = 0; i < tone.Length; i++) Assert.InRange(back.Samples[i] - tone.Samples[i], -1.0 / 16384, 1.0 / 16384);
        Assert.Null(WavFile.Problem(path));
    }

    [Fact]
    public void Reads_fsdd_as_8_kHz_mono()
    {
        var root = DatasetResolver.Resolve("fsdd", allowDownload: false);
        var clip = WavFile.Read(Directory.GetFiles(Path.Combine(root, "test", "3")).Order().First());
        Assert.Equal(8000, clip.SampleRate);
        Assert.InRange(clip.Duration, 0.1, 3.0);
        Assert.InRange(clip.Samples.Max(Math.Abs), 0.01f, 1.0f);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "empty", "empty (0 bytes)" },
        { "text", "not a WAV file" },
        { "truncated", "truncated" },
        { "compressed", "compressed" },
        { "no-data", "no data chunk" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_fail_with_their_name_and_the_reason(string kind, string expected)
    {
        using var dir = new TempDir();
        var path = dir.Bytes($"{kind}.wav", BadWav(dir, kind));
        var e = Assert.Throws<AudioFormatException>(() => WavFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(e.Problem, WavFile.Problem(path));
    }

    /// <summary>Bytes of a broken WAV of the given kind, made from a good one.</summary>
    internal static byte[] BadWav(TempDir dir, string kind)
    {
        var good = dir.Combine($"good-{kind}.wav");
        WavFile.Write(good, Waveform.Tone(440, 0.1));
        var bytes = File.ReadAllBytes(good);
        File.Delete(good);
        switch (kind)
        {
            case "empty": return [];
            case "text": return Encoding.UTF8.GetBytes("this is a note, not a recording\n");
            case "truncated": return bytes[..(bytes.Length / 2)];
            case "compressed":
                var mp3 = (byte[])bytes.Clone();
                mp3[20] = 0x55; mp3[21] = 0; // WAVE_FORMAT_MPEGLAYER3
                return mp3;
            case "no-data": return bytes[..36]; // RIFF header and fmt chunk only
            default: throw new ArgumentException(kind);
        }
    }
}
