using NWaves.Operations;

namespace TransferGuide.Data.Audio;

/// <summary>Brings clips to one sample rate with NWaves' band-limited resampler (anti-aliasing filter included).</summary>
public static class AudioResampling
{
    /// <summary><paramref name="audio"/> at <paramref name="sampleRate"/> Hz (itself when it is already there).</summary>
    public static Waveform To(Waveform audio, int sampleRate)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Give the sample rate in Hz, e.g. 8000.");
        if (audio.SampleRate == sampleRate || audio.Length == 0) return audio with { SampleRate = sampleRate };
        return Waveform.From(Operation.Resample(audio.ToSignal(), sampleRate));
    }
}
