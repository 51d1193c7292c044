using TransferGuide.Training;

namespace TransferGuide.Monitoring;

/// <summary>A way to give a small group more say in training.</summary>
public enum BiasMitigation
{
    /// <summary>No mitigation: the plain baseline every mitigation is compared with.</summary>
    None,
    /// <summary>Loss reweighting: each row weighs the inverse of its group's size (<see cref="GroupSampling.InverseFrequencyWeights"/>).</summary>
    Reweight,
    /// <summary>Group-balanced sampling: each epoch draws groups equally often (<see cref="GroupSampling.BalancedOrder"/>).</summary>
    Balance,
}

/// <summary>What <see cref="BiasCheck.Compare"/> trains: the baseline, then each mitigation, on the same features and seed.</summary>
/// <param name="Mitigations">Mitigations to compare with the baseline (null: reweighting and balanced sampling). <see cref="BiasMitigation.None"/> here is ignored: the baseline always runs.</param>
/// <param name="Head">The linear head's training (epochs, rate, batch, seed); its weights and groups are set per mitigation.</param>
public sealed record BiasOptions(IReadOnlyList<BiasMitigation>? Mitigations = null, HeadOptions? Head = null)
{
    /// <summary>The mitigations in the order they run, baseline excluded.</summary>
    public IReadOnlyList<BiasMitigation> Resolved => (Mitigations ?? [BiasMitigation.Reweight, BiasMitigation.Balance])
        .Where(m => m != BiasMitigation.None).Distinct().ToList();

    /// <summary>Parses a mitigation word: none, reweight, balance, or both (reweight and balance).</summary>
    /// <exception cref="ArgumentException">Another word (the valid ones are listed).</exception>
    public static IReadOnlyList<BiasMitigation> Parse(string words) => words.Trim().ToLowerInvariant() switch
    {
        "none" => [],
        "reweight" => [BiasMitigation.Reweight],
        "balance" => [BiasMitigation.Balance],
        "both" or "reweight,balance" or "balance,reweight" => [BiasMitigation.Reweight, BiasMitigation.Balance],
        _ => throw new ArgumentException($"Unknown mitigation '{words}'. Use none, reweight, balance or both."),
    };

    /// <summary>The mitigation's name as the reports print it.</summary>
    public static string Name(BiasMitigation m) => m switch
    {
        BiasMitigation.Reweight => "reweight",
        BiasMitigation.Balance => "balance",
        _ => "none",
    };
}
