using Xunit.Abstractions;

namespace TransferGuide.Tests.Audio;

public class AudioTransformTests(ITestOutputHelper output)
{
    static readonly Waveform Tone440 = Waveform.Tone(440, 1.0);

    static Waveform SpokenDigit() =>
        WavFile.Read(Directory.GetFiles(Path.Combine(TransferGuide.Data.DatasetResolver.Resolve("fsdd", allowDownload: false), "train", "7")).Order().First());

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(-5.0)]
    public void Noise_is_added_at_the_asked_snr(double snr)
    {
        foreach (var clean in new[] { Tone440, SpokenDigit() })
        {
            var noisy = new AddNoise(snr).Apply(clean, seed: 1);
            output.WriteLine($"asked {snr} dB, measured {AudioMeasures.SnrDb(clean, noisy):F4} dB");
            Assert.Equal((clean.Length, clean.SampleRate), (noisy.Length, noisy.SampleRate));
            Assert.Equal(snr, AudioMeasures.SnrDb(clean, noisy), precision: 2);
        }
    }

    [Fact]
    public void Background_noise_and_snr_ranges_stay_in_range()
    {
        var hum = Waveform.Tone(50, 0.3, amplitude: 0.2);
        var transform = new AddNoise(5, 15) { Background = hum };
        for (int seed = 0; seed < 10; seed++)
        {
            var noisy = transform.Apply(Tone440, seed);
            Assert.Equal(Tone440.Length, noisy.Length);
            Assert.InRange(AudioMeasures.SnrDb(Tone440, noisy), 5 - 1e-6, 15 + 1e-6);
        }
        Assert.Throws<ArgumentException>(() => (transform with { Background = Waveform.Tone(50, 0.3, sampleRate: 16000) }).Apply(Tone440, 1));
    }

    [Fact]
    public void Settings_changed_with_a_record_copy_take_effect()
    {
        var quieter = new AddNoise(0) with { MinSnrDb = 30, MaxSnrDb = 30 };
        Assert.Equal(30, AudioMeasures.SnrDb(Tone440, quieter.Apply(Tone440, 1)), precision: 2);
        var higher = new PitchShift(0.8) with { MinRatio = 1.25, MaxRatio = 1.25 };
        Assert.InRange(AudioMeasures.DominantFrequency(higher.Apply(Tone440, 1)), 550 * 0.97, 550 * 1.03);
    }

    [Fact]
    public void Silence_stays_silent_rather_than_dividing_by_zero()
    {
        var silence = new Waveform(new float[800], 8000);
        Assert.All(new AddNoise(10).Apply(silence, 1).Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Time_shift_keeps_length_and_rate_and_moves_the_samples()
    {
        var clip = SpokenDigit();
        var shifted = new TimeShift().Shift(clip, 100);
        Assert.Equal((clip.Length, clip.SampleRate), (shifted.Length, shifted.SampleRate));
        Assert.All(shifted.Samples.Take(100), s => Assert.Equal(0f, s));
        Assert.Equal(clip.Samples.Take(clip.Length - 100), shifted.Samples.Skip(100));

        var rolled = new TimeShift(Roll: true);
        Assert.Equal(clip.Samples, rolled.Shift(rolled.Shift(clip, 250), -250).Samples);
        Assert.Equal(clip.Samples, rolled.Shift(clip, clip.Length).Samples);

        for (int seed = 0; seed < 5; seed++)
        {
            var random = new TimeShift(0.1).Apply(clip, seed);
            Assert.Equal((clip.Length, clip.SampleRate), (random.Length, random.SampleRate));
        }
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.25)]
    public void Time_stretch_changes_duration_by_the_factor_but_not_the_pitch_or_rate(double factor)
    {
        var stretched = new TimeStretch(factor).Apply(Tone440, seed: 1);
        Assert.Equal(Tone440.SampleRate, stretched.SampleRate);
        Assert.Equal((int)Math.Round(Tone440.Length * factor), stretched.Length);
        Assert.InRange(AudioMeasures.DominantFrequency(stretched) / 440, 0.97, 1.03);

        var fixedLength = new TimeStretch(factor) { KeepLength = true }.Apply(SpokenDigit(), seed: 1);
        Assert.Equal(SpokenDigit().Length, fixedLength.Length);
    }

    [Theory]
    [InlineData(440.0, 1.25)]
    [InlineData(440.0, 0.8)]
    [InlineData(300.0, 1.5)]
    [InlineData(600.0, 0.9)]
    [InlineData(500.0, 1.122462048309373)] // +2 semitones
    public void Pitch_shift_moves_the_dominant_frequency_by_the_ratio_and_keeps_length_and_rate(double frequency, double ratio)
    {
        var tone = Waveform.Tone(frequency, 1.0);
        Assert.InRange(AudioMeasures.DominantFrequency(tone) / frequency, 0.999, 1.001);
        var shifted = new PitchShift(ratio).Apply(tone, seed: 1);
        Assert.Equal((tone.Length, tone.SampleRate), (shifted.Length, shifted.SampleRate));
        double measured = AudioMeasures.DominantFrequency(shifted) / frequency;
        output.WriteLine($"{frequency} Hz x {ratio:F4}: dominant {measured * frequency:F1} Hz, ratio {measured:F4} ({(measured / ratio - 1) * 100:+0.00;-0.00}% off)");
        Assert.InRange(measured / ratio, 0.97, 1.03);
    }

    [Fact]
    public void Pitch_shift_in_semitones_keeps_a_real_recording_length_and_rate()
    {
        var clip = SpokenDigit();
        var shifted = PitchShift.Semitones(-2, 2).Apply(clip, seed: 3);
        Assert.Equal((clip.Length, clip.SampleRate), (shifted.Length, shifted.SampleRate));
        Assert.All(shifted.Samples, s => Assert.True(float.IsFinite(s)));
        Assert.NotEqual(clip.Samples, shifted.Samples);
    }

    [Fact]
    public void Every_transform_is_deterministic_for_a_seed_and_leaves_its_input_alone()
    {
        var clip = SpokenDigit();
        var copy = (float[])clip.Samples.Clone();
        IAudioTransform[] transforms = [new AddNoise(5, 20), new TimeShift(0.2), new TimeStretch(0.8, 1.2), new PitchShift(0.9, 1.1)];
        foreach (var t in transforms)
        {
            Assert.Equal(t.Apply(clip, 42).Samples, t.Apply(clip, 42).Samples);
            Assert.NotEqual(t.Apply(clip, 42).Samples, t.Apply(clip, 43).Samples);
        }
        var chained = transforms.ApplyAll(clip, new Random(9), probability: 0.5);
        Assert.Equal(chained.Samples, transforms.ApplyAll(clip, new Random(9), probability: 0.5).Samples);
        Assert.Equal(copy, clip.Samples);
    }

    [Fact]
    public void Nonsense_settings_are_refused_with_the_reason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeStretch(0).Apply(Tone440, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PitchShift(1.2, 0.8).Apply(Tone440, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeShift(2).Apply(Tone440, 1));
    }
}
