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
    public TsmAlgorithm Algorithm { get; init; } = TsmAlgorithm.PhaseVocoderPhaseLocking;

    /// <inheritdoc />
    public Waveform Apply(Waveform audio, Random random)
    {
        double factor = random.DrawPositive(MinFactor, MaxFactor, nameof(TimeStretch), nameof(MinFactor), "A duration factor (e.g. 0.8 to 1.25)");
        var stretched = Stretch(audio, factor, Algorithm);
        return KeepLength ? stretched.WithLength(audio.Length) : stretched;
    }

    /// <summary>The audio stretched to <paramref name="factor"/> × its duration, trimmed to exactly that many samples.</summary>
    internal static Waveform Stretch(Waveform audio, double factor, TsmAlgorithm algorithm)
    {
        int target = (int)Math.Round(audio.Length * factor);
        if (Math.Abs(factor - 1) < 1e-9) return audio with { Samples = (float[])audio.Samples.Clone() };
        var (window, hop) = Frames(audio.SampleRate);
        var stretched = Operation.TimeStretch(audio.ToSignal(), factor, window, hop, algorithm);
        // The vocoder pads its last frame; the audio itself ends at factor × the old length.
        return Waveform.From(stretched).WithLength(target);
    }

    /// <summary>Analysis window and hop: about 64 ms and a quarter of that, as powers of two.</summary>
    internal static (int Window, int Hop) Frames(int sampleRate)
    {
        int window = 256;
        while (window < sampleRate * 0.064) window <<= 1;
        return (window, window / 4);
    }
}
