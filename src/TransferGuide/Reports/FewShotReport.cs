using System.Text.Json;
using TransferGuide.Charts;
using TransferGuide.Core;
using TransferGuide.FewShot;

namespace TransferGuide.Reports;

/// <summary>One row of few-shot metrics.json: a method at one K, in percent.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Shots">K.</param>
/// <param name="MeanAccuracy">Mean query accuracy, 0..1.</param>
/// <param name="Ci95">Half-width of the 95% interval, 0..1.</param>
/// <param name="StandardDeviation">Sample standard deviation over episodes.</param>
/// <param name="VersusProtoMean">Paired mean difference from the prototypes, 0..1; null for proto.</param>
/// <param name="VersusProtoCi95">Half-width of that difference's 95% interval.</param>
/// <param name="Seconds">Time for all episodes.</param>
public sealed record FewShotMetricsRow(string Method, int Shots, double MeanAccuracy, double Ci95, double StandardDeviation,
    double? VersusProtoMean, double? VersusProtoCi95, double Seconds);

/// <summary>metrics.json of <c>tg fewshot</c> (snake_case).</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Model">Backbone zoo id.</param>
/// <param name="Recipe">"fewshot".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K values.</param>
/// <param name="Queries">Q per class.</param>
/// <param name="Episodes">Test episodes per K.</param>
/// <param name="Seed">Seed.</param>
/// <param name="MetaTrainClasses">Class names of meta-training.</param>
/// <param name="MetaValidationClasses">Class names of meta-validation.</param>
/// <param name="MetaTestClasses">Class names of meta-testing.</param>
/// <param name="PrototypeDistance">Distance chosen on meta-validation.</param>
/// <param name="DistanceValidation">Meta-validation accuracy of each distance, by name.</param>
/// <param name="ValidationWays">N of meta-validation episodes.</param>
/// <param name="ReptileBestIteration">Outer steps of the Reptile weights used; null when it did not run.</param>
/// <param name="ReptileValidation">Reptile's meta-validation checks.</param>
/// <param name="Results">Method × K.</param>
/// <param name="FeatureSeconds">Time to load or extract features.</param>
/// <param name="FeaturesCached">Whether features came from the cache.</param>
/// <param name="MetaTrainSeconds">Meta-training time.</param>
/// <param name="WallSeconds">Whole run.</param>
public sealed record FewShotMetrics(string Dataset, string Model, string Recipe, int Ways, IReadOnlyList<int> Shots, int Queries, int Episodes, int Seed,
    IReadOnlyList<string> MetaTrainClasses, IReadOnlyList<string> MetaValidationClasses, IReadOnlyList<string> MetaTestClasses,
    string PrototypeDistance, IReadOnlyDictionary<string, double> DistanceValidation, int ValidationWays, int? ReptileBestIteration,
    IReadOnlyList<MetaValidationPoint> ReptileValidation, IReadOnlyList<FewShotMetricsRow> Results, double FeatureSeconds, bool FeaturesCached,
    double MetaTrainSeconds, double WallSeconds)
{
    /// <summary>The metrics of a finished benchmark.</summary>
    public static FewShotMetrics For(FewShotData data, FewShotResult r, double wallSeconds)
    {
        IReadOnlyList<string> Names(IReadOnlyList<int> set) => set.Select(c => data.Classes[c]).ToList();
        return new FewShotMetrics(data.Dataset, data.Model, "fewshot", r.Ways, r.Shots, r.Queries, r.Episodes, r.Seed,
            Names(r.Split.Train), Names(r.Split.Validation), Names(r.Split.Test), r.Distance.ToString().ToLowerInvariant(),
            r.DistanceValidation.ToDictionary(d => d.Distance.ToString().ToLowerInvariant(), d => d.Accuracy),
            r.ValidationWays, r.ReptileBestIteration, r.ReptileValidation,
            r.Scores.Select(s => new FewShotMetricsRow(s.Method, s.Shots, s.Accuracy.Mean, s.Accuracy.HalfWidth, s.Accuracy.StandardDeviation,
                s.VersusPrototypes?.Mean, s.VersusPrototypes?.HalfWidth, s.Seconds)).ToList(),
            data.Seconds, data.Cached, r.MetaTrainSeconds, wallSeconds);
    }

    /// <summary>Writes the file atomically.</summary>
    public void Save(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, JsonDefaults.SnakeCase));
}

/// <summary>report.html of <c>tg fewshot</c>: the split, the table with intervals, the chart and how choices were made.</summary>
public static class FewShotReport
{
    /// <summary>Builds the page.</summary>
    public static HtmlReport Build(FewShotData data, FewShotResult r)
    {
        var report = new HtmlReport($"Few-shot: {data.Dataset}, {r.Ways}-way")
            .Paragraph($"Frozen {data.Model} features; {r.Ways}-way episodes with {string.Join(" and ", r.Shots)} support image(s) and " +
                       $"{r.Queries} queries per class; {r.Episodes} test episodes per K (seed {r.Seed}), the same episodes for every method. " +
                       "Intervals are 95%: mean ± 1.96·sd/√episodes.")
            .KeyValues([("class split", r.Split.Describe(data.Classes))])
            .Table(["method", .. r.Shots.Select(k => $"{k}-shot"), .. r.Shots.Select(k => $"{k}-shot vs proto (points)")],
                r.Methods.Select(m => (IReadOnlyList<string>)[m, .. r.Shots.Select(k => r.Score(m, k)!.Accuracy.ToString()),
                    .. r.Shots.Select(k => r.Score(m, k)!.VersusPrototypes is { } d ? $"{d.Mean * 100:+0.00;-0.00} ± {d.HalfWidth * 100:F2}" : "—")]))
            .Chart(FewShotChart.Create(r))
            .Heading("Choices, on meta-validation classes only")
            .Paragraph($"Prototype distance: {r.Distance.ToString().ToLowerInvariant()} (" +
                       string.Join(", ", r.DistanceValidation.Select(d => $"{d.Distance.ToString().ToLowerInvariant()} {d.Accuracy:P1}")) +
                       $" on {r.ValidationWays}-way meta-validation episodes).");
        if (r.ReptileBestIteration is { } best)
            report.Paragraph($"Reptile: meta-validation accuracy by outer step " +
                             string.Join(", ", r.ReptileValidation.Select(p => $"{p.Iteration}: {p.Accuracy:P1}")) +
                             $"; the weights of step {best} were used" + (best == 0 ? " (meta-training never beat the adapter's start)." : "."));
        return report;
    }
}
