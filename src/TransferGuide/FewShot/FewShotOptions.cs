namespace TransferGuide.FewShot;

/// <summary>What <see cref="FewShotBenchmark"/> runs.</summary>
/// <param name="Ways">N: classes per episode.</param>
/// <param name="Shots">K values: support images per class, one row of results each (default 1 and 5).</param>
/// <param name="Episodes">Test episodes per K (600 in papers; 100 is a quick look).</param>
/// <param name="Queries">Q: query images per class and episode.</param>
/// <param name="Seed">Seeds the episodes and meta-training; every method sees the same episodes.</param>
/// <param name="Methods">Any of "proto", "linear", "reptile" (default all three).</param>
/// <param name="ValidationEpisodes">Meta-validation episodes per K for choosing the prototype distance.</param>
/// <param name="Head">Settings of the fine-tuned linear head.</param>
/// <param name="Reptile">Settings of Reptile.</param>
public sealed record FewShotOptions(int Ways = 5, IReadOnlyList<int>? Shots = null, int Episodes = 600, int Queries = 15, int Seed = 42,
    IReadOnlyList<string>? Methods = null, int ValidationEpisodes = 200, FineTunedHeadOptions? Head = null, ReptileOptions? Reptile = null)
{
    /// <summary>The methods there are.</summary>
    public static readonly IReadOnlyList<string> MethodNames = ["proto", "linear", "reptile"];

    /// <summary><see cref="Shots"/>, or 1 and 5.</summary>
    public IReadOnlyList<int> ShotCounts => Shots ?? [1, 5];

    /// <summary><see cref="Methods"/>, or all three, in table order.</summary>
    public IReadOnlyList<string> MethodList => Methods is { } m ? MethodNames.Where(m.Contains).ToList() : MethodNames;

    /// <summary>Why these options cannot run on <paramref name="labels"/> under <paramref name="split"/>, or null when they can.</summary>
    /// <param name="labels">Dataset class of each feature row.</param>
    /// <param name="split">The class split.</param>
    public string? Problem(IReadOnlyList<int> labels, ClassSplit split)
    {
        if (Methods is { } m && m.FirstOrDefault(x => !MethodNames.Contains(x)) is { } unknown)
            return $"Unknown method '{unknown}': choose from {string.Join(", ", MethodNames)}.";
        if (MethodList.Count == 0) return "No method to run: choose from " + string.Join(", ", MethodNames) + ".";
        if (Episodes < 1 || ValidationEpisodes < 1) return "Episodes must be at least 1.";
        if (ShotCounts.Count == 0) return "No shot count given.";
        if (Ways > split.Test.Count)
            return $"{Ways}-way episodes need {Ways} meta-test classes, but the class split keeps {split.Test.Count} for testing " +
                   $"(of {split.Train.Count + split.Validation.Count + split.Test.Count}): use at most {split.Test.Count} ways.";
        var test = new EpisodeSampler(labels, split.Test);
        foreach (var k in ShotCounts)
            if (test.Problem(Ways, k, Queries) is { } problem) return "Meta-test: " + problem;
        bool needsValidation = MethodList.Contains("proto") || MethodList.Contains("reptile");
        if (needsValidation && split.Validation.Count < 2)
            return $"Choices are made on meta-validation episodes, which need at least 2 classes; the split has {split.Validation.Count}.";
        if (MethodList.Contains("proto"))
        {
            var validation = new EpisodeSampler(labels, split.Validation);
            foreach (var k in ShotCounts)
                if (validation.Problem(Math.Min(Ways, split.Validation.Count), k, 1) is { } p) return "Meta-validation: " + p;
        }
        if (MethodList.Contains("reptile"))
        {
            var reptile = Reptile ?? new ReptileOptions();
            if (split.Train.Count < 2) return $"Reptile meta-trains on at least 2 classes; the split has {split.Train.Count}.";
            if (new EpisodeSampler(labels, split.Train).Problem(Math.Min(Ways, split.Train.Count), reptile.MetaShots, 1) is { } p) return "Meta-train: " + p;
            if (new EpisodeSampler(labels, split.Validation).Problem(Math.Min(Ways, split.Validation.Count), reptile.MetaShots, 1) is { } v) return "Meta-validation: " + v;
        }
        return null;
    }
}
