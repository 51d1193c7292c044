using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// Adds noise at a signal-to-noise ratio drawn from [<see cref="MinSnrDb"/>, <see cref="MaxSnrDb"/>]:
/// white Gaussian noise, or a random stretch of a <see cref="Background"/> recording (looped when shorter).
/// Length and rate are kept; silence stays silent, since it has no power to measure an SNR against.
/// </summary>
/// <param name="MinSnrDb">Lowest SNR in dB (lower is noisier).</param>
/// <param name="MaxSnrDb">Highest SNR in dB.</param>
public sealed record AddNoise(double MinSnrDb, double MaxSnrDb) : IAudioTransform
{
    /// <summary>Noise at exactly <paramref name="snrDb"/> dB.</summary>
    public AddNoise(double snrDb) : this(snrDb, snrDb) { }

    /// <summary>A recording to mix in instead of white noise (e.g. room tone or street noise), at the same rate.</summary>
    public Waveform? Background { get; init; }

    /// <inheritdoc />
    public Waveform Apply(Waveform audio, Random random)
    {
        AudioTransforms.CheckRange(MinSnrDb, MaxSnrDb, nameof(AddNoise));
        double signalPower = audio.Power;
        if (signalPower == 0 || audio.Length == 0) return audio with { Samples = (float[])audio.Samples.Clone() };
        double snr = random.Uniform(MinSnrDb, MaxSnrDb);
        var noise = Background is { } b ? BackgroundNoise(b, audio, random) : WhiteNoise(audio.Length, random);
        double noisePower = noise.Sum(v => v * v) / noise.Length;
        if (noisePower == 0) throw new ArgumentException("The background recording is silent; pick one with sound in it.", nameof(Background));
        // Scale the noise so that 10·log10(Ps / Pn) equals the drawn SNR for this very noise.
        double scale = Math.Sqrt(signalPower / (noisePower * Math.Pow(10, snr / 10)));
        var samples = new float[audio.Length];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(audio.Samples[i] + scale * noise[i]);
        return audio with { Samples = samples };
    }

    static double[] WhiteNoise(int length, Random random)
    {
        var noise = new double[length];
        for (int i = 0; i < length; i += 2)
        {
            // Box–Muller: two independent standard normals per pair of uniforms.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            noise[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < length) noise[i + 1] = r * Math.Sin(2 * Math.PI * u2);
        }
        return noise;
    }

    static double[] BackgroundNoise(Waveform background, Waveform audio, Random random)
    {
        if (background.SampleRate != audio.SampleRate)
            throw new ArgumentException($"The background is at {background.SampleRate} Hz and the audio at {audio.SampleRate} Hz; resample one to match.", nameof(Background));
        if (background.Length == 0) throw new ArgumentException("The background recording is empty.", nameof(Background));
        int start = random.Next(background.Length);
        var noise = new double[audio.Length];
        for (int i = 0; i < noise.Length; i++) noise[i] = background.Samples[(start + i) % background.Length];
        return noise;
    }
}
