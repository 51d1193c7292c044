namespace TransferGuide.Training;

/// <summary>
/// How long the one-call fine-tune runs when no epoch count is given: a budget of optimiser steps, so a small set
/// gets more passes over its few images and a large one fewer, within <see cref="MinEpochs"/> and
/// <see cref="MaxEpochs"/>. Early stopping on validation ends it sooner when it stops improving.
/// </summary>
public static class EpochBudget
{
    /// <summary>Optimiser steps of the unfrozen phase, when the epoch bounds allow.</summary>
    public const int Steps = 300;
    /// <summary>Fewest epochs of the unfrozen phase (large sets).</summary>
    public const int MinEpochs = 4;
    /// <summary>Most epochs of the unfrozen phase (tiny sets).</summary>
    public const int MaxEpochs = 12;

    /// <summary>Epochs of the unfrozen phase for <paramref name="stepsPerEpoch"/> optimiser steps per epoch.</summary>
    public static int Epochs(long stepsPerEpoch) =>
        (int)Math.Clamp((Steps + Math.Max(1, stepsPerEpoch) - 1) / Math.Max(1, stepsPerEpoch), MinEpochs, MaxEpochs);
}
