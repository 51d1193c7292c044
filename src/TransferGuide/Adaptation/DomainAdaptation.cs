using TransferGuide.Training;

namespace TransferGuide.Adaptation;

/// <summary>
/// Compares domain-adaptation methods on the same frozen features: source only (the baseline), CORAL and DANN, each
/// with the same head options and seed. Labelled source rows train, labelled source validation rows are the only
/// accuracy a choice may look at, unlabelled target rows adapt, and target test labels are read once, to report.
/// </summary>
public static class DomainAdaptation
{
    /// <summary>Trains every method in <paramref name="methods"/> (default: all three) with one seed.</summary>
    /// <param name="source">Labelled source training features.</param>
    /// <param name="sourceValid">Labelled source validation features.</param>
    /// <param name="targetUnlabelled">Target features to adapt to; their labels are ignored.</param>
    /// <param name="targetTest">Target features to report on (same classes as the source).</param>
    /// <param name="methods">The methods; null for none, CORAL and DANN.</param>
    /// <param name="options">Head options shared by every method.</param>
    /// <param name="log">Receives one line per finished method.</param>
    /// <param name="cancel">Stops after the current epoch.</param>
    public static AdaptationComparison Compare(FeatureSet source, FeatureSet sourceValid, FeatureSet targetUnlabelled, FeatureSet targetTest,
        IReadOnlyList<AdaptationMethod>? methods = null, AdaptationOptions? options = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        options ??= new AdaptationOptions();
        methods ??= AdaptationMethods.All;
        if (methods.Count == 0) throw new ArgumentException("Name at least one method.", nameof(methods));
        if (source.Count == 0) throw new ArgumentException("No labelled source features.", nameof(source));
        // The class count comes from the labelled source alone, so target labels cannot influence the head.
        int classes = source.Labels.Concat(sourceValid.Labels).Max() + 1;
        var results = new List<AdaptationResult>();
        foreach (var method in methods)
        {
            var result = AdaptationTrainer.Train(method, source, sourceValid, targetUnlabelled, targetTest, classes, options, cancel: cancel);
            results.Add(result);
            log?.Invoke($"seed {options.Seed}, {result.Name}: target {result.TargetAccuracy:P1}, source validation {result.SourceValidAccuracy:P1}" +
                        (result.DomainAccuracy is { } d ? $", domain classifier {d:P0}" : "") + $" ({result.Seconds:F1} s)");
        }
        return new AdaptationComparison(options.Seed, results);
    }

    /// <summary>
    /// <see cref="Compare"/> once per seed, summarised: each method's mean target accuracy and its spread over the seeds,
    /// and the mean gain over source only.
    /// </summary>
    public static AdaptationSummary CompareSeeds(FeatureSet source, FeatureSet sourceValid, FeatureSet targetUnlabelled, FeatureSet targetTest,
        IReadOnlyList<int> seeds, IReadOnlyList<AdaptationMethod>? methods = null, AdaptationOptions? options = null, Action<string>? log = null,
        CancellationToken cancel = default)
    {
        if (seeds.Count == 0) throw new ArgumentException("Name at least one seed.", nameof(seeds));
        options ??= new AdaptationOptions();
        var runs = seeds.Select(seed => Compare(source, sourceValid, targetUnlabelled, targetTest, methods, options with { Seed = seed }, log, cancel)).ToList();
        return AdaptationSummary.Of(runs);
    }
}
