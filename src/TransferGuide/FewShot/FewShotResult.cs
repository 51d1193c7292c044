using System.Text.Json.Serialization;

namespace TransferGuide.FewShot;

/// <summary>One method at one K on the meta-test episodes.</summary>
/// <param name="Method">"proto", "linear" or "reptile".</param>
/// <param name="Shots">K.</param>
/// <param name="Accuracy">Mean query accuracy over episodes with its 95% interval.</param>
/// <param name="VersusPrototypes">This method's accuracy minus the prototypes', episode by episode (paired), with its 95% interval; null for the prototypes themselves or when they did not run.</param>
/// <param name="Seconds">Time to run every episode.</param>
/// <param name="EpisodeAccuracies">Accuracy of each episode, in episode order.</param>
public sealed record FewShotScore(string Method, int Shots, AccuracyInterval Accuracy, AccuracyInterval? VersusPrototypes, double Seconds,
    [property: JsonIgnore] IReadOnlyList<double> EpisodeAccuracies)
{
    /// <summary>One line, e.g. "proto 5-shot: 85.12 ± 0.70%".</summary>
    public override string ToString() => $"{Method} {Shots}-shot: {Accuracy}" +
        (VersusPrototypes is { } d ? $" ({(d.Mean >= 0 ? "+" : "")}{d.Mean * 100:F2} ± {d.HalfWidth * 100:F2} points vs proto)" : "");
}

/// <summary>How the prototype distance was chosen: mean meta-validation accuracy of each.</summary>
/// <param name="Distance">The distance.</param>
/// <param name="Accuracy">Mean accuracy over the meta-validation episodes of every K.</param>
public sealed record DistanceChoice(PrototypeDistance Distance, double Accuracy);

/// <summary>Everything <see cref="FewShotBenchmark.Run"/> measured.</summary>
/// <param name="Ways">N.</param>
/// <param name="Shots">The K values.</param>
/// <param name="Queries">Q per class.</param>
/// <param name="Episodes">Test episodes per K.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Split">Which classes were meta-train, meta-validation and meta-test.</param>
/// <param name="Distance">The prototype distance chosen on meta-validation.</param>
/// <param name="DistanceValidation">Meta-validation accuracy of each distance.</param>
/// <param name="ValidationWays">N of meta-validation episodes (fewer than <paramref name="Ways"/> when the split has fewer validation classes).</param>
/// <param name="ReptileValidation">Reptile's meta-validation checks; empty when it did not run.</param>
/// <param name="ReptileBestIteration">Outer steps of the Reptile weights used (0: meta-training never helped on meta-validation); null when it did not run.</param>
/// <param name="Scores">Method × K, in method order then K.</param>
/// <param name="MetaTrainSeconds">Time spent meta-training.</param>
/// <param name="WallSeconds">Whole benchmark.</param>
public sealed record FewShotResult(int Ways, IReadOnlyList<int> Shots, int Queries, int Episodes, int Seed, ClassSplit Split,
    PrototypeDistance Distance, IReadOnlyList<DistanceChoice> DistanceValidation, int ValidationWays,
    IReadOnlyList<MetaValidationPoint> ReptileValidation, int? ReptileBestIteration, IReadOnlyList<FewShotScore> Scores,
    double MetaTrainSeconds, double WallSeconds)
{
    /// <summary>The score of <paramref name="method"/> at <paramref name="shots"/>, or null when it did not run.</summary>
    public FewShotScore? Score(string method, int shots) => Scores.FirstOrDefault(s => s.Method == method && s.Shots == shots);

    /// <summary>Methods in the order they ran.</summary>
    public IReadOnlyList<string> Methods => Scores.Select(s => s.Method).Distinct().ToList();

    /// <summary>The table as text: one line per method and K.</summary>
    public override string ToString() =>
        $"{Ways}-way, {Queries} queries per class, {Episodes} episodes, seed {Seed}, prototype distance {Distance.ToString().ToLowerInvariant()}\n" +
        string.Join("\n", Scores.Select(s => s.ToString()));
}
