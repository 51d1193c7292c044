namespace TransferGuide.Adaptation;

/// <summary>One epoch of an adaptation run.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="SourceLoss">Mean label loss on the labelled source rows.</param>
/// <param name="SourceValidAccuracy">Accuracy on the labelled source validation split (the only accuracy any choice may use).</param>
/// <param name="DomainAccuracy">DANN only: how often the domain classifier told source from target in this epoch (0.5 is fully confused).</param>
/// <param name="Lambda">DANN only: the gradient-reversal weight at the end of the epoch; 0 otherwise.</param>
public sealed record AdaptationEpoch(int Epoch, double SourceLoss, double SourceValidAccuracy, double? DomainAccuracy, double Lambda);

/// <summary>What one method reached with one seed.</summary>
/// <param name="Method">The method.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="SourceValidAccuracy">Accuracy on the labelled source validation split after the last epoch.</param>
/// <param name="TargetAccuracy">Accuracy on the target test split: target labels are read here only, to report.</param>
/// <param name="DomainAccuracy">DANN only: the domain classifier's accuracy in the last epoch (0.5: it cannot tell the domains apart).</param>
/// <param name="TargetPredictions">Predicted class of each target test row.</param>
/// <param name="History">Every epoch.</param>
/// <param name="Seconds">Training and evaluation time.</param>
public sealed record AdaptationResult(AdaptationMethod Method, int Seed, double SourceValidAccuracy, double TargetAccuracy, double? DomainAccuracy,
    int[] TargetPredictions, IReadOnlyList<AdaptationEpoch> History, double Seconds)
{
    /// <summary>The method's name ("none", "coral", "dann").</summary>
    public string Name => AdaptationMethods.Name(Method);
}

/// <summary>Every requested method trained with one seed on the same features: the rows of a comparison.</summary>
/// <param name="Seed">The seed all methods shared.</param>
/// <param name="Results">One result per method, baseline first when it was run.</param>
public sealed record AdaptationComparison(int Seed, IReadOnlyList<AdaptationResult> Results)
{
    /// <summary>The source-only result, or null when "none" was not run.</summary>
    public AdaptationResult? Baseline => Results.FirstOrDefault(r => r.Method == AdaptationMethod.None);

    /// <summary>The result of <paramref name="method"/>.</summary>
    public AdaptationResult this[AdaptationMethod method] =>
        Results.FirstOrDefault(r => r.Method == method) ?? throw new KeyNotFoundException($"{AdaptationMethods.Name(method)} was not run in this comparison.");

    /// <summary>Target accuracy of <paramref name="method"/> minus the source-only baseline's (null without a baseline).</summary>
    public double? Gain(AdaptationMethod method) => Baseline is { } b ? this[method].TargetAccuracy - b.TargetAccuracy : null;

    /// <summary>One line per method: target and source validation accuracy, and the gain over source only.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Results.Select(r =>
        $"{r.Name,-5} target {r.TargetAccuracy:P1} (source validation {r.SourceValidAccuracy:P1})" +
        (r.Method != AdaptationMethod.None && Gain(r.Method) is { } g ? $", {g * 100:+0.0;-0.0;0.0} points over none" : "") +
        (r.DomainAccuracy is { } d ? $", domain classifier {d:P0}" : "")));
}
