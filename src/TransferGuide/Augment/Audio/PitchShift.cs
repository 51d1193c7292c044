using NWaves.Effects;
using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// Raises or lowers the pitch without changing the duration, with NWaves' pitch-shift effect: it stretches
/// time by the ratio (phase-locking vocoder), then resamples back to the original length, which multiplies
/// every frequency by the ratio. The ratio is drawn from [<see cref="MinRatio"/>, <see cref="MaxRatio"/>]; length and rate are kept.
/// </summary>
/// <param name="MinRatio">Smallest frequency ratio, e.g. 0.9 (a semitone is 2^(1/12) ≈ 1.0595).</param>
/// <param name="MaxRatio">Largest frequency ratio, e.g. 1.1.</param>
public sealed record PitchShift(double MinRatio, double MaxRatio) : IAudioTransform
{
    /// <summary>A shift by exactly <paramref name="ratio"/>.</summary>
    public PitchShift(double ratio) : this(ratio, ratio) { }

    /// <summary>A shift between <paramref name="minSemitones"/> and <paramref name="maxSemitones"/> semitones.</summary>
    public static PitchShift Semitones(double minSemitones, double maxSemitones) =>
        new(Math.Pow(2, minSemitones / 12), Math.Pow(2, maxSemitones / 12));

    /// <inheritdoc />
    public Waveform Apply(Waveform audio, Random random)
    {
        double ratio = random.DrawPositive(MinRatio, MaxRatio, nameof(PitchShift), nameof(MinRatio), "A pitch ratio (e.g. 0.9 to 1.1)");
        return Vocoder.Run(audio, ratio, (signal, window, hop) => new PitchShiftEffect(ratio, window, hop, Vocoder.Speech).ApplyTo(signal));
    }
}
