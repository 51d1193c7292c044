using NWaves.Operations.Tsm;
using NWaves.Signals;
using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// The phase vocoder that <see cref="TimeStretch"/> and <see cref="PitchShift"/> both run: the same analysis frames
/// for a sample rate, the same default algorithm, and no processing at a ratio of 1, where the vocoder would only
/// smear the sound.
/// </summary>
static class Vocoder
{
    /// <summary>The time-scale algorithm both use by default; the phase-locking vocoder keeps speech clearest.</summary>
    internal const TsmAlgorithm Speech = TsmAlgorithm.PhaseVocoderPhaseLocking;

    /// <summary>
    /// The samples <paramref name="process"/> makes of the audio's signal, given the analysis window and hop for its
    /// rate; an unchanged copy when <paramref name="ratio"/> is 1. The rate is kept.
    /// </summary>
    internal static Waveform Run(Waveform audio, double ratio, Func<DiscreteSignal, int, int, DiscreteSignal> process)
    {
        if (Math.Abs(ratio - 1) < 1e-9) return audio with { Samples = (float[])audio.Samples.Clone() };
        var (window, hop) = Frames(audio.SampleRate);
        return audio with { Samples = process(audio.ToSignal(), window, hop).Samples };
    }

    /// <summary>Analysis window and hop: about 64 ms and a quarter of that, as powers of two.</summary>
    internal static (int Window, int Hop) Frames(int sampleRate)
    {
        int window = 256;
        while (window < sampleRate * 0.064) window <<= 1;
        return (window, window / 4);
    }
}
