using NWaves.Signals;

namespace TransferGuide.Data.Audio;

/// <summary>Mono audio: samples in -1..1 and the sample rate in Hz.</summary>
/// <param name="Samples">The samples, nominally in -1..1.</param>
/// <param name="SampleRate">Samples per second (fsdd: 8000).</param>
public sealed record Waveform(float[] Samples, int SampleRate)
{
    /// <summary>Number of samples.</summary>
    public int Length => Samples.Length;

    /// <summary>Length in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;

    /// <summary>Mean of the squared samples (0 for silence).</summary>
    public double Power => Samples.Length == 0 ? 0 : Samples.Sum(s => (double)s * s) / Samples.Length;

    /// <summary>A sine tone, for experiments and tests.</summary>
    public static Waveform Tone(double frequency, double seconds, int sampleRate = 8000, double amplitude = 0.5)
    {
        var samples = new float[(int)Math.Round(seconds * sampleRate)];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        return new Waveform(samples, sampleRate);
    }

    /// <summary>The same audio cut or zero-padded at the end to <paramref name="length"/> samples.</summary>
    public Waveform WithLength(int length)
    {
        var samples = new float[length];
        Array.Copy(Samples, samples, Math.Min(length, Samples.Length));
        return this with { Samples = samples };
    }

    internal DiscreteSignal ToSignal() => new(SampleRate, (float[])Samples.Clone());

    internal static Waveform From(DiscreteSignal signal) => new(signal.Samples, signal.SamplingRate);
}
