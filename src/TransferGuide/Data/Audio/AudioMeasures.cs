using NWaves.Transforms;

namespace TransferGuide.Data.Audio;

/// <summary>Small measurements for checking what an augmentation did.</summary>
public static class AudioMeasures
{
    /// <summary>
    /// Signal-to-noise ratio in dB of <paramref name="noisy"/> against the <paramref name="clean"/> signal it
    /// was made from: 10·log10(P(clean) / P(noisy − clean)).
    /// </summary>
    public static double SnrDb(Waveform clean, Waveform noisy)
    {
        if (clean.Length != noisy.Length) throw new ArgumentException($"Lengths differ ({clean.Length} and {noisy.Length} samples).", nameof(noisy));
        double noise = 0;
        for (int i = 0; i < clean.Length; i++) { double d = noisy.Samples[i] - clean.Samples[i]; noise += d * d; }
        noise /= Math.Max(1, clean.Length);
        return 10 * Math.Log10(clean.Power / noise);
    }

    /// <summary>
    /// The frequency in Hz with the most energy, from one Hann-windowed FFT over the whole clip, refined by
    /// parabolic interpolation between bins.
    /// </summary>
    public static double DominantFrequency(Waveform audio)
    {
        int n = 1;
        while (n < audio.Length) n <<= 1;
        var re = new float[n];
        var im = new float[n];
        for (int i = 0; i < audio.Length; i++)
            re[i] = audio.Samples[i] * (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / Math.Max(1, audio.Length - 1)));
        new Fft(n).Direct(re, im);
        var magnitude = new double[n / 2];
        for (int k = 0; k < n / 2; k++) magnitude[k] = Math.Sqrt((double)re[k] * re[k] + (double)im[k] * im[k]);
        int peak = 1;
        for (int k = 1; k < n / 2 - 1; k++) if (magnitude[k] > magnitude[peak]) peak = k;
        double left = magnitude[peak - 1], centre = magnitude[peak], right = magnitude[peak + 1];
        double denominator = left - 2 * centre + right;
        double offset = denominator == 0 ? 0 : 0.5 * (left - right) / denominator;
        return (peak + offset) * audio.SampleRate / n;
    }
}
