namespace TransferGuide.Augment.Audio;

/// <summary>
/// A training-time audio augmentation written as words, so that options, checkpoints and the CLI can carry it:
/// <c>none</c>, <c>default</c>, or a comma list of <c>shift</c>, <c>pitch</c>, <c>noise</c>, <c>stretch</c> and
/// <c>masks</c> (SpecAugment on the picture). Each waveform transform is applied to <see cref="Probability"/> of the clips.
/// </summary>
public sealed record AudioAugmentation(IReadOnlyList<IAudioTransform> Transforms, SpecAugment? Masks, double Probability = 0.5)
{
    /// <summary>The named parts, in the order they run.</summary>
    public static IReadOnlyList<string> Parts { get; } = ["shift", "pitch", "noise", "stretch", "masks"];

    /// <summary>No augmentation.</summary>
    public static AudioAugmentation None { get; } = new([], null);

    /// <summary>
    /// The words the default stands for. Noise is not among them: a log-mel picture keeps 80 dB below its loudest cell,
    /// so noise even 30 dB down lights up the silence around every fsdd digit, and training on that hurt (docs/audio.md).
    /// </summary>
    public const string DefaultWords = "shift,pitch,masks";

    /// <summary>The augmentation <paramref name="words"/> names.</summary>
    /// <exception cref="ArgumentException">A word that is not a part (the parts are listed).</exception>
    public static AudioAugmentation Parse(string words)
    {
        var w = words.Trim().ToLowerInvariant();
        if (w is "none" or "") return None;
        if (w == "default") w = DefaultWords;
        var parts = w.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var p in parts)
            if (!Parts.Contains(p))
                throw new ArgumentException($"Unknown audio augmentation '{p}'. Use none, default, or a comma list of {string.Join(", ", Parts)}.");
        var transforms = new List<IAudioTransform>();
        // Rolled, not padded: padding with digital silence drew black columns no real recording has.
        if (parts.Contains("shift")) transforms.Add(new TimeShift(0.1, Roll: true));
        if (parts.Contains("pitch")) transforms.Add(PitchShift.Semitones(-1.5, 1.5));
        if (parts.Contains("noise")) transforms.Add(new AddNoise(20, 40));
        if (parts.Contains("stretch")) transforms.Add(new TimeStretch(0.85, 1.15) { KeepLength = true });
        return new AudioAugmentation(transforms, parts.Contains("masks") ? new SpecAugment() : null);
    }

    /// <summary>In words, for metrics and reports.</summary>
    public string Describe() => Transforms.Count == 0 && Masks == null ? "none" : string.Join(", ", Transforms.Select(t => t switch
    {
        TimeShift s => $"time shift up to {s.MaxFraction:P0}" + (s.Roll ? " (rolled)" : ""),
        AddNoise n => $"noise at {n.MinSnrDb:F0}-{n.MaxSnrDb:F0} dB SNR",
        PitchShift p => $"pitch x{p.MinRatio:F2}-{p.MaxRatio:F2}",
        TimeStretch st => $"tempo x{st.MinFactor:F2}-{st.MaxFactor:F2}",
        _ => t.GetType().Name,
    }).Append(Masks != null ? "SpecAugment masks" : null).OfType<string>()) + (Transforms.Count > 0 ? $" (each waveform transform on {Probability:P0} of the clips)" : "");
}
