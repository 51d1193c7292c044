using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>A seeded waveform augmentation. Every random choice comes from the <see cref="Random"/> passed in.</summary>
public interface IAudioTransform
{
    /// <summary>The augmented audio; the input is left untouched.</summary>
    Waveform Apply(Waveform audio, Random random);
}

/// <summary>Conveniences over <see cref="IAudioTransform"/>.</summary>
public static class AudioTransforms
{
    /// <summary>Applies <paramref name="transform"/> the same way every time for the same seed.</summary>
    public static Waveform Apply(this IAudioTransform transform, Waveform audio, int seed) => transform.Apply(audio, new Random(seed));

    /// <summary>Applies the transforms in order, each with probability <paramref name="probability"/>.</summary>
    public static Waveform ApplyAll(this IReadOnlyList<IAudioTransform> transforms, Waveform audio, Random random, double probability = 1.0)
    {
        foreach (var t in transforms)
            if (probability >= 1 || random.NextDouble() < probability) audio = t.Apply(audio, random);
        return audio;
    }

    /// <summary>A value drawn uniformly from [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal static double Uniform(this Random random, double min, double max) => min == max ? min : min + (max - min) * random.NextDouble();

    /// <summary>
    /// Checks a positive range (a ratio or a factor) and draws from it: the check the pitch and tempo transforms share.
    /// </summary>
    internal static double DrawPositive(this Random random, double min, double max, string what, string minName, string example)
    {
        CheckRange(min, max, what);
        if (min <= 0) throw new ArgumentOutOfRangeException(minName, min, $"{example} must be above 0.");
        return random.Uniform(min, max);
    }

    internal static void CheckRange(double min, double max, string what)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || min > max)
            throw new ArgumentOutOfRangeException(what, $"{what}: the minimum ({min}) must not exceed the maximum ({max}).");
    }
}
