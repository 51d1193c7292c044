using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// Moves the audio earlier or later by up to <see cref="MaxFraction"/> of its length. The gap fills with
/// silence, or with what fell off the other end when <see cref="Roll"/> is set. Length and rate are kept.
/// </summary>
/// <param name="MaxFraction">Largest shift as a share of the length, e.g. 0.2.</param>
/// <param name="Roll">Wrap around instead of padding with silence.</param>
public sealed record TimeShift(double MaxFraction = 0.2, bool Roll = false) : IAudioTransform
{
    /// <inheritdoc />
    public Waveform Apply(Waveform audio, Random random)
    {
        if (MaxFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(MaxFraction), MaxFraction, "Use a share of the length between 0 and 1.");
        int max = (int)(MaxFraction * audio.Length);
        return Shift(audio, random.Next(-max, max + 1));
    }

    /// <summary>The audio moved by <paramref name="samples"/> (positive: later).</summary>
    public Waveform Shift(Waveform audio, int samples)
    {
        int n = audio.Length;
        var result = new float[n];
        for (int i = 0; i < n; i++)
        {
            int from = i - samples;
            if (Roll) result[i] = audio.Samples[((from % n) + n) % n];
            else if (from >= 0 && from < n) result[i] = audio.Samples[from];
        }
        return audio with { Samples = result };
    }
}
