namespace TransferGuide.Adaptation;

/// <summary>One method over several seeds.</summary>
/// <param name="Method">The method.</param>
/// <param name="TargetAccuracies">Target accuracy per seed, in seed order.</param>
/// <param name="MeanTargetAccuracy">Their mean.</param>
/// <param name="TargetSpread">Half the range (max − min) / 2: with three seeds, an honest ± without pretending to a distribution.</param>
/// <param name="MeanSourceValidAccuracy">Mean accuracy on the labelled source validation split.</param>
/// <param name="MeanGain">Mean over seeds of (this method − source only) on the target, paired by seed; null without a baseline.</param>
/// <param name="SeedsBeatingBaseline">How many seeds this method beat source only on (ties do not count).</param>
/// <param name="MeanDomainAccuracy">DANN only: the domain classifier's mean last-epoch accuracy.</param>
public sealed record MethodSummary(AdaptationMethod Method, IReadOnlyList<double> TargetAccuracies, double MeanTargetAccuracy, double TargetSpread,
    double MeanSourceValidAccuracy, double? MeanGain, int SeedsBeatingBaseline, double? MeanDomainAccuracy)
{
    /// <summary>The method's name.</summary>
    public string Name => AdaptationMethods.Name(Method);
}

/// <summary>Every method over every seed: the per-seed comparisons and one summary row per method.</summary>
/// <param name="Runs">One comparison per seed.</param>
/// <param name="Methods">One row per method, in the order run.</param>
public sealed record AdaptationSummary(IReadOnlyList<AdaptationComparison> Runs, IReadOnlyList<MethodSummary> Methods)
{
    /// <summary>The seeds, in order.</summary>
    public IReadOnlyList<int> Seeds => Runs.Select(r => r.Seed).ToList();

    /// <summary>The row of <paramref name="method"/>.</summary>
    public MethodSummary this[AdaptationMethod method] =>
        Methods.FirstOrDefault(m => m.Method == method) ?? throw new KeyNotFoundException($"{AdaptationMethods.Name(method)} was not run.");

    /// <summary>Summarises comparisons made with different seeds on the same features.</summary>
    public static AdaptationSummary Of(IReadOnlyList<AdaptationComparison> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("No comparisons to summarise.", nameof(runs));
        var rows = runs[0].Results.Select(r => r.Method).Select(method =>
        {
            var results = runs.Select(run => run[method]).ToList();
            var target = results.Select(r => r.TargetAccuracy).ToList();
            var gains = runs.Select(run => run.Gain(method)).ToList();
            var domain = results.Where(r => r.DomainAccuracy.HasValue).Select(r => r.DomainAccuracy!.Value).ToList();
            return new MethodSummary(method, target, target.Average(), (target.Max() - target.Min()) / 2,
                results.Average(r => r.SourceValidAccuracy),
                gains.All(g => g.HasValue) ? gains.Average(g => g!.Value) : null,
                gains.Count(g => g is > 0),
                domain.Count > 0 ? domain.Average() : null);
        }).ToList();
        return new AdaptationSummary(runs, rows);
    }

    /// <summary>One line per method: mean ± spread on the target, source validation, gain over source only.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Methods.Select(m =>
        $"{m.Name,-5} target {m.MeanTargetAccuracy * 100:F1} ± {m.TargetSpread * 100:F1}% over {m.TargetAccuracies.Count} seed(s)" +
        $" (source validation {m.MeanSourceValidAccuracy * 100:F1}%)" +
        (m.Method != AdaptationMethod.None && m.MeanGain is { } g ? $", {g * 100:+0.0;-0.0;0.0} points over none, better on {m.SeedsBeatingBaseline}/{m.TargetAccuracies.Count} seeds" : "") +
        (m.MeanDomainAccuracy is { } d ? $", domain classifier {d:P0}" : "")));
}
