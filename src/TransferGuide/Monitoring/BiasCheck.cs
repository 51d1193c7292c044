using System.Globalization;
using TransferGuide.Core;
using TransferGuide.Evaluation;
using TransferGuide.Training;
using static TorchSharp.torch;

namespace TransferGuide.Monitoring;

/// <summary>One group's share of training and its test accuracy.</summary>
/// <param name="Group">Group name.</param>
/// <param name="TrainCount">Its training rows.</param>
/// <param name="TestCount">Its test rows.</param>
/// <param name="Accuracy">Test accuracy on its rows.</param>
public sealed record GroupAccuracy(string Group, int TrainCount, int TestCount, double Accuracy);

/// <summary>One trained head's per-group results.</summary>
/// <param name="Mitigation">How it was trained.</param>
/// <param name="Accuracy">Test accuracy over every row.</param>
/// <param name="MacroF1">Test macro F1 over every row.</param>
/// <param name="Groups">Per-group accuracy, in group name order.</param>
/// <param name="Metrics">The full per-group metrics (per-class recall and precision gaps).</param>
/// <param name="Predictions">The test predictions.</param>
public sealed record BiasResult(BiasMitigation Mitigation, double Accuracy, double MacroF1, IReadOnlyList<GroupAccuracy> Groups, GroupMetrics Metrics,
    ClassificationResult Predictions)
{
    /// <summary>The mitigation's name ("none" for the baseline).</summary>
    public string Name => BiasOptions.Name(Mitigation);

    /// <summary>The group with the highest test accuracy.</summary>
    public GroupAccuracy Best => Groups.OrderByDescending(g => g.Accuracy).ThenBy(g => g.Group, StringComparer.Ordinal).First();

    /// <summary>The group with the lowest test accuracy.</summary>
    public GroupAccuracy Worst => Groups.OrderBy(g => g.Accuracy).ThenBy(g => g.Group, StringComparer.Ordinal).First();

    /// <summary>Best-group minus worst-group accuracy.</summary>
    public double Gap => Best.Accuracy - Worst.Accuracy;

    /// <summary>The accuracy of <paramref name="group"/> (NaN when it has no test rows).</summary>
    public double AccuracyOf(string group) => Groups.FirstOrDefault(g => g.Group == group)?.Accuracy ?? double.NaN;
}

/// <summary>The baseline and each mitigation, trained on the same features with the same seed.</summary>
/// <param name="Results">The baseline first, then each mitigation.</param>
public sealed record BiasComparison(IReadOnlyList<BiasResult> Results)
{
    /// <summary>The head trained without mitigation.</summary>
    public BiasResult Baseline => Results[0];

    /// <summary>The mitigated heads.</summary>
    public IReadOnlyList<BiasResult> Mitigated => Results.Skip(1).ToList();

    /// <summary>Before and after, in plain words, whether or not the mitigation helped.</summary>
    public string Summary()
    {
        static string P(double v) => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        static string Pts(double v) => (Math.Abs(v) * 100).ToString("0.#", CultureInfo.InvariantCulture) is var n && n == "1" ? "1 point" : n + " points";
        var b = Baseline;
        var lines = new List<string>
        {
            $"Without mitigation: {P(b.Accuracy)} overall; the worst group is {b.Worst.Group} at {P(b.Worst.Accuracy)} " +
            $"({b.Worst.TrainCount} training rows), the best {b.Best.Group} at {P(b.Best.Accuracy)}: a gap of {Pts(b.Gap)}.",
        };
        foreach (var m in Mitigated)
        {
            double dGap = m.Gap - b.Gap, dWorst = m.Worst.Accuracy - b.Worst.Accuracy, dAcc = m.Accuracy - b.Accuracy;
            string gap = Math.Abs(dGap) < 1e-9 ? "leaves the gap unchanged" : dGap < 0 ? $"narrows the gap by {Pts(dGap)} to {Pts(m.Gap)}" : $"widens the gap by {Pts(dGap)} to {Pts(m.Gap)}";
            string worst = Math.Abs(dWorst) < 1e-9 ? "leaves the worst group's accuracy as it was" : dWorst > 0 ? $"raises the worst group's accuracy by {Pts(dWorst)}" : $"lowers the worst group's accuracy by {Pts(dWorst)}";
            string acc = Math.Abs(dAcc) < 1e-9 ? "overall accuracy is unchanged" : dAcc > 0 ? $"overall accuracy rises by {Pts(dAcc)}" : $"overall accuracy falls by {Pts(dAcc)}";
            lines.Add($"{Describe(m.Mitigation)} {gap}, {worst} (worst now {m.Worst.Group} at {P(m.Worst.Accuracy)}), and {acc} to {P(m.Accuracy)}.");
        }
        if (Mitigated.Count > 0 && Mitigated.All(m => m.Gap >= b.Gap - 1e-9))
            lines.Add("No mitigation narrowed the gap here: reweighting cannot invent what the rare group's few examples do not show.");
        return string.Join(" ", lines);
    }

    static string Describe(BiasMitigation m) => m switch
    {
        BiasMitigation.Reweight => "Reweighting the loss by inverse group frequency",
        BiasMitigation.Balance => "Group-balanced sampling",
        _ => "No mitigation",
    };
}

/// <summary>
/// Per-group accuracy of a linear head on frozen features, without and with a bias mitigation, on the same features and
/// seed: the honest before-and-after. Groups are any label of who or where an item comes from (a speaker, a site).
/// </summary>
public static class BiasCheck
{
    /// <summary>Trains the baseline head and one head per mitigation, and measures each group's test accuracy.</summary>
    /// <param name="train">Training features.</param>
    /// <param name="trainGroups">The group of each training row.</param>
    /// <param name="test">Test features (read only to measure).</param>
    /// <param name="testGroups">The group of each test row.</param>
    /// <param name="classes">Class names in label order.</param>
    /// <param name="options">Mitigations and head training; null: reweighting and balanced sampling, 40 epochs, seed 42.</param>
    /// <param name="valid">Held-out features the heads report each epoch on (never used to choose).</param>
    /// <param name="log">Receives a line per trained head.</param>
    /// <param name="cancel">Stops between epochs.</param>
    /// <param name="progress">Receives the epochs done over every head ("heads").</param>
    /// <exception cref="ArgumentException">Group lists whose lengths differ from their features'.</exception>
    public static BiasComparison Compare(FeatureSet train, IReadOnlyList<string> trainGroups, FeatureSet test, IReadOnlyList<string> testGroups,
        IReadOnlyList<string> classes, BiasOptions? options = null, FeatureSet? valid = null, Action<string>? log = null, CancellationToken cancel = default,
        IProgress<WorkProgress>? progress = null)
    {
        options ??= new BiasOptions();
        if (trainGroups.Count != train.Count) throw new ArgumentException($"{trainGroups.Count} training groups for {train.Count} training rows: give one group per row.", nameof(trainGroups));
        if (testGroups.Count != test.Count) throw new ArgumentException($"{testGroups.Count} test groups for {test.Count} test rows: give one group per row.", nameof(testGroups));
        var head = options.Head ?? new HeadOptions();
        var trainCounts = trainGroups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var results = new List<BiasResult>();
        var runs = options.Resolved.Prepend(BiasMitigation.None).ToList();
        int total = runs.Count * head.Epochs, done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var epochs = progress == null ? null : new EpochCounter(_ => progress.Report(new WorkProgress("heads", ++done, total,
            clock.Elapsed.TotalSeconds > 0 ? done * train.Count / clock.Elapsed.TotalSeconds : 0)));
        foreach (var m in runs)
        {
            var mitigated = m switch
            {
                BiasMitigation.Reweight => head with { SampleWeights = GroupSampling.InverseFrequencyWeights(trainGroups), BalanceGroups = null },
                BiasMitigation.Balance => head with { SampleWeights = null, BalanceGroups = trainGroups },
                _ => head with { SampleWeights = null, BalanceGroups = null },
            };
            var predictions = TrainAndPredict(train, test, classes, mitigated, valid, epochs, cancel);
            var metrics = GroupMetrics.Compute(predictions, testGroups.Cast<string?>().ToList());
            var groups = metrics.Groups.OrderBy(g => g.Group, StringComparer.Ordinal)
                .Select(g => new GroupAccuracy(g.Group, trainCounts.GetValueOrDefault(g.Group), g.Count, g.Report.Accuracy)).ToList();
            var result = new BiasResult(m, predictions.Accuracy, ClassificationReport.From(predictions).MacroF1, groups, metrics, predictions);
            results.Add(result);
            log?.Invoke($"{result.Name}: accuracy {result.Accuracy:P1}, worst group {result.Worst.Group} {result.Worst.Accuracy:P1}, gap {result.Gap * 100:F1} points");
        }
        return new BiasComparison(results);
    }

    /// <summary>Passes each finished epoch on synchronously (Progress&lt;T&gt; would post it to another thread, out of order).</summary>
    sealed class EpochCounter(Action<EpochMetrics> report) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value) => report(value);
    }

    static ClassificationResult TrainAndPredict(FeatureSet train, FeatureSet test, IReadOnlyList<string> classes, HeadOptions head, FeatureSet? valid,
        IProgress<EpochMetrics>? epochs, CancellationToken cancel)
    {
        using var linear = nn.Linear(train.Dim, classes.Count);
        HeadTrainer.Train(linear, train, valid, head, epochs, cancel);
        return new ClassificationResult(classes, test.Labels, HeadTrainer.PredictProbabilities(linear, test), test.Paths);
    }
}
