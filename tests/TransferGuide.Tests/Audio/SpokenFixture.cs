using NWaves.Audio;
using NWaves.Signals;

namespace TransferGuide.Tests.Audio;

/// <summary>
/// A tiny spoken-digit look-alike, generated: two classes of tones ("low" near 300 Hz, "high" near 1200 Hz), each
/// speaker a little higher or lower, named <c>&lt;label&gt;_&lt;speaker&gt;_&lt;n&gt;.wav</c> as fsdd names its clips, under
/// train/ and test/. Clips 0 and 1 of every speaker and class are the test split.
/// </summary>
internal static class SpokenFixture
{
    public static string Create(TempDir dir, string[]? speakers = null, int clipsPerSpeaker = 6, string name = "spoken")
    {
        speakers ??= ["ann", "bob"];
        var root = dir.Combine(name);
        var classes = new[] { ("low", 300.0), ("high", 1200.0) };
        for (int s = 0; s < speakers.Length; s++)
            foreach (var (label, hz) in classes)
                for (int n = 0; n < clipsPerSpeaker; n++)
                {
                    var split = n < 2 ? "test" : "train";
                    double f = hz * (1 + 0.08 * s) * (1 + 0.03 * n);
                    var samples = Waveform.Tone(f, 0.35 + 0.02 * n).Samples;
                    // A little decay, so the picture is not a flat band.
                    for (int i = 0; i < samples.Length; i++) samples[i] *= (float)Math.Exp(-2.0 * i / samples.Length);
                    WavFile.Write(Path.Combine(root, split, label, $"{label}_{speakers[s]}_{n}.wav"), new Waveform(samples, 8000));
                }
        return root;
    }

    /// <summary>Adds the messy files of the issue to the "high" training folder: three usable (24-bit, stereo at 22.05 kHz,
    /// 16 kHz) and five not (A-law, truncated header, zero-length, no samples, pure silence). Returns the unusable names.</summary>
    public static string[] AddMessyFiles(TempDir dir, string root)
    {
        var folder = Path.Combine(root, "train", "high");
        Save(Path.Combine(folder, "high_ann_24bit.wav"), new WaveFile(new DiscreteSignal(8000, Waveform.Tone(1250, 0.4).Samples), 24));
        var left = Waveform.Tone(1220, 0.4, 22050).Samples;
        Save(Path.Combine(folder, "high_bob_stereo.wav"), new WaveFile([new DiscreteSignal(22050, left), new DiscreteSignal(22050, left.Select(v => v / 2).ToArray())], 16));
        WavFile.Write(Path.Combine(folder, "high_ann_16k.wav"), Waveform.Tone(1180, 0.4, 16000));
        var good = File.ReadAllBytes(Path.Combine(folder, "high_ann_16k.wav"));
        var alaw = (byte[])good.Clone();
        alaw[20] = 6; alaw[21] = 0; alaw[34] = 8; // WAVE_FORMAT_ALAW, 8 bits
        File.WriteAllBytes(Path.Combine(folder, "high_ann_alaw.wav"), alaw);
        File.WriteAllBytes(Path.Combine(folder, "high_ann_header.wav"), good[..30]); // cut inside the format chunk
        File.WriteAllBytes(Path.Combine(folder, "high_ann_zero.wav"), []);
        var noSamples = (byte[])good[..44].Clone();
        BitConverter.GetBytes(0).CopyTo(noSamples, 40); // a data chunk of length 0
        File.WriteAllBytes(Path.Combine(folder, "high_bob_nosamples.wav"), noSamples);
        WavFile.Write(Path.Combine(folder, "high_bob_silence.wav"), new Waveform(new float[3200], 8000));
        return ["high_ann_alaw.wav", "high_ann_header.wav", "high_ann_zero.wav", "high_bob_nosamples.wav", "high_bob_silence.wav"];
    }

    static void Save(string path, WaveFile wave)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        wave.SaveTo(stream);
    }
}
