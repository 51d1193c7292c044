namespace TransferGuide.Monitoring;

/// <summary>The per-component tests along one principal component of the reference.</summary>
/// <param name="Component">0 for the largest.</param>
/// <param name="KsStatistic">Kolmogorov–Smirnov D.</param>
/// <param name="KsPValue">Raw KS p-value.</param>
/// <param name="KsAdjustedPValue">After the multiple-test correction: compare with alpha.</param>
/// <param name="Psi">Population stability index.</param>
public sealed record ComponentDrift(int Component, double KsStatistic, double KsPValue, double KsAdjustedPValue, double Psi);

/// <summary>What <see cref="DriftCheck.Compare(IReadOnlyList{float[]}, IReadOnlyList{float[]}, DriftOptions?)"/> found.</summary>
/// <param name="Drift">The verdict: the MMD test rejects "same distribution" at alpha. MMD is the one test of the whole
/// vector, so it is the verdict; the KS and PSI readings say along which components things moved.</param>
/// <param name="Mmd">The MMD permutation test.</param>
/// <param name="KsDrift">Some component's corrected KS p-value is below alpha.</param>
/// <param name="KsMinAdjustedPValue">The smallest corrected KS p-value.</param>
/// <param name="MaxPsi">The largest per-component PSI.</param>
/// <param name="PsiLevel">The rule-of-thumb reading of <paramref name="MaxPsi"/> (0.1 and 0.25).</param>
/// <param name="Components">Per-component readings.</param>
/// <param name="ReferenceCount">Reference items.</param>
/// <param name="NewCount">New items.</param>
/// <param name="Options">The options used.</param>
public sealed record DriftReport(bool Drift, MmdResult Mmd, bool KsDrift, double KsMinAdjustedPValue, double MaxPsi, PsiLevel PsiLevel,
    IReadOnlyList<ComponentDrift> Components, int ReferenceCount, int NewCount, DriftOptions Options)
{
    /// <summary>"drift" or "no drift".</summary>
    public string Verdict => Drift ? "drift" : "no drift";

    /// <summary>One line per test, for a notebook cell or a console.</summary>
    public string Describe() =>
        $"{Verdict.ToUpperInvariant()} ({NewCount} new vs {ReferenceCount} reference, alpha {Options.Alpha})\n" +
        $"  MMD²  {Mmd.Statistic:F5}  p = {Mmd.PValue:F3} ({Mmd.Permutations} permutations){(Drift ? "  <- drift" : "")}\n" +
        $"  KS    max D {Components.Max(c => c.KsStatistic):F3} over {Components.Count} components, min {Options.Correction}-corrected p = {KsMinAdjustedPValue:F3}{(KsDrift ? "  <- drift" : "")}\n" +
        $"  PSI   max {MaxPsi:F3} ({PsiLevel.ToString().ToLowerInvariant()})";

    /// <inheritdoc />
    public override string ToString() => Describe();
}
