namespace TransferGuide.Monitoring;

/// <summary>How <see cref="DriftCheck"/> tests new embeddings against reference ones.</summary>
/// <param name="Permutations">Relabellings of the MMD permutation test (200 gives p-values to about ±0.015 near 0.05).</param>
/// <param name="Alpha">False-alarm rate each test is held to (the MMD test, and the KS tests as a family).</param>
/// <param name="Components">Principal components of the reference the KS and PSI tests read, largest first.</param>
/// <param name="Correction">How the per-component KS p-values are corrected for testing many components.</param>
/// <param name="PsiBins">Reference-quantile bins of the population stability index.</param>
/// <param name="MaxMmdItems">Items per side the MMD test uses at most (a seeded subsample: its cost grows with the square).</param>
/// <param name="Seed">Seeds the subsample and the permutations.</param>
public sealed record DriftOptions(int Permutations = 200, double Alpha = 0.05, int Components = 10, Correction Correction = Correction.Holm,
    int PsiBins = 10, int MaxMmdItems = 300, int Seed = 42)
{
    /// <summary>Throws when a value is out of range, naming it.</summary>
    public DriftOptions Checked()
    {
        if (Permutations < 1) throw new ArgumentOutOfRangeException(nameof(Permutations), Permutations, "Permutations must be at least 1.");
        if (Alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be between 0 and 1.");
        if (Components < 1) throw new ArgumentOutOfRangeException(nameof(Components), Components, "Components must be at least 1.");
        if (PsiBins < 2) throw new ArgumentOutOfRangeException(nameof(PsiBins), PsiBins, "PSI needs at least 2 bins.");
        if (MaxMmdItems < 2) throw new ArgumentOutOfRangeException(nameof(MaxMmdItems), MaxMmdItems, "MMD needs at least 2 items per side.");
        return this;
    }
}
