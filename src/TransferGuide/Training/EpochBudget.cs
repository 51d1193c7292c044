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

    /// <summary>
    /// Optimiser steps of the head phase (the new head on the frozen network), when <see cref="MaxHeadEpochs"/> allows.
    /// One epoch of a tiny set is a handful of steps, which leaves the head nearly random: the first unfrozen epochs
    /// then push large, noisy gradients from it into the pretrained layers. Training the head first (as a linear
    /// probe) protects them; a frozen epoch costs about a third of an unfrozen one.
    /// </summary>
    public const int HeadSteps = 60;
    /// <summary>Most epochs of the head phase (tiny sets).</summary>
    public const int MaxHeadEpochs = 10;

    /// <summary>Epochs of the head phase for <paramref name="stepsPerEpoch"/> optimiser steps per epoch (at least one).</summary>
    public static int HeadEpochs(long stepsPerEpoch) =>
        (int)Math.Clamp((HeadSteps + Math.Max(1, stepsPerEpoch) - 1) / Math.Max(1, stepsPerEpoch), 1, MaxHeadEpochs);

    /// <summary>Epochs of the unfrozen phase for <paramref name="stepsPerEpoch"/> optimiser steps per epoch.</summary>
    public static int Epochs(long stepsPerEpoch) =>
        (int)Math.Clamp((Steps + Math.Max(1, stepsPerEpoch) - 1) / Math.Max(1, stepsPerEpoch), MinEpochs, MaxEpochs);
}
