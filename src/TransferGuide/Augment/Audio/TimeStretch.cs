using NWaves.Operations;
using NWaves.Operations.Tsm;
using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// Makes speech slower or faster without changing its pitch (NWaves' phase-locking vocoder). The factor is
/// drawn from [<see cref="MinFactor"/>, <see cref="MaxFactor"/>] and is the new duration over the old: 1.2 is
/// 20% slower and 20% longer. The rate is kept; the length changes by the factor unless
/// <see cref="KeepLength"/> cuts or pads it back.
/// </summary>
/// <param name="MinFactor">Smallest duration factor, e.g. 0.8.</param>
/// <param name="MaxFactor">Largest duration factor, e.g. 1.25.</param>
public sealed record TimeStretch(double MinFactor, double MaxFactor) : IAudioTransform
{
    /// <summary>A stretch by exactly <paramref name="factor"/>.</summary>
    public TimeStretch(double factor) : this(factor, factor) { }

    /// <summary>Cut or zero-pad the result back to the input's length (for fixed-size batches).</summary>
    public bool KeepLength { get; init; }

    /// <summary>The time-scale algorithm; the phase-locking vocoder keeps speech clearest.</summary>
    public TsmAlgorithm Algorithm { get; init; } = Vocoder.Speech;

    /// <inheritdoc />
    public Waveform Apply(Waveform audio, Random random)
    {
        double factor = random.DrawPositive(MinFactor, MaxFactor, nameof(TimeStretch), nameof(MinFactor), "A duration factor (e.g. 0.8 to 1.25)");
        var stretched = Stretch(audio, factor, Algorithm);
        return KeepLength ? stretched.WithLength(audio.Length) : stretched;
    }

    /// <summary>The audio stretched to <paramref name="factor"/> × its duration, trimmed to exactly that many samples.</summary>
    internal static Waveform Stretch(Waveform audio, double factor, TsmAlgorithm algorithm) =>
        // The vocoder pads its last frame; the audio itself ends at factor × the old length.
        Vocoder.Run(audio, factor, (signal, window, hop) => Operation.TimeStretch(signal, factor, window, hop, algorithm))
            .WithLength((int)Math.Round(audio.Length * factor));
}
