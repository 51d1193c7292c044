using System.Diagnostics;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Evaluation.Ensembles;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What <see cref="EnsembleRecipe"/> trains.</summary>
/// <param name="Dataset">Catalog dataset name (e.g. "oxford_flowers17") or null with <paramref name="DataDir"/>.</param>
/// <param name="DataDir">A class-folder tree; overrides <paramref name="Dataset"/>.</param>
/// <param name="Model">Zoo id of every member.</param>
/// <param name="Seeds">One member per seed (initialisation of the head, data order, augmentation).</param>
/// <param name="Epochs">Epochs over all layers after one head epoch (<see cref="Learner.FineTune"/>).</param>
/// <param name="LearningRate">Base rate of <see cref="Learner.FineTune"/>.</param>
/// <param name="Tta">Test-time-augmentation views.</param>
/// <param name="SnapshotCycles">When above 0, also a snapshot ensemble of this many cycles, from the first seed's fine-tuned model.</param>
/// <param name="SnapshotEpochsPerCycle">Epochs per snapshot cycle.</param>
/// <param name="Learner">Batch size, image size and the other knobs (the seed is replaced per member).</param>
public sealed record EnsembleOptions(string? Dataset = "oxford_flowers17", string? DataDir = null, string Model = Models.ModelZoo.ResNet18ImageNet,
    IReadOnlyList<int>? Seeds = null, int Epochs = 3, double LearningRate = 1e-3, TtaViews Tta = TtaViews.Flip,
    int SnapshotCycles = 0, int SnapshotEpochsPerCycle = 1, LearnerOptions? Learner = null);

/// <summary>One fine-tuned member.</summary>
/// <param name="Seed">Its seed.</param>
/// <param name="Accuracy">Held-out accuracy, centre crop.</param>
/// <param name="TtaAccuracy">Held-out accuracy with test-time augmentation.</param>
/// <param name="Seconds">Training and evaluation time.</param>
public sealed record EnsembleMember(int Seed, double Accuracy, double TtaAccuracy, double Seconds);

/// <summary>Results of <see cref="EnsembleRecipe"/>, all on the same held-out split.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Split">The held-out split.</param>
/// <param name="Items">Held-out items.</param>
/// <param name="Members">Each member.</param>
/// <param name="EnsembleAccuracy">Probability average of the members (centre crop).</param>
/// <param name="EnsembleTtaAccuracy">Probability average of the members' TTA predictions.</param>
/// <param name="SnapshotAccuracies">Each snapshot's accuracy (empty without snapshots).</param>
/// <param name="SnapshotEnsembleAccuracy">The snapshots' average, or null.</param>
/// <param name="WallSeconds">Whole recipe.</param>
public sealed record EnsembleReport(string Dataset, string Split, int Items, IReadOnlyList<EnsembleMember> Members, double EnsembleAccuracy,
    double EnsembleTtaAccuracy, IReadOnlyList<double> SnapshotAccuracies, double? SnapshotEnsembleAccuracy, double WallSeconds)
{
    /// <summary>The best single member's centre-crop accuracy: what the ensemble must beat.</summary>
    public double BestMemberAccuracy => Members.Max(m => m.Accuracy);
}

/// <summary>
/// Fine-tunes one member per seed, then compares the best single member with the probability-averaged
/// ensemble, test-time augmentation, and optionally a snapshot ensemble.
/// </summary>
public static class EnsembleRecipe
{
    /// <summary>Runs the recipe; <paramref name="log"/> receives one line per finished stage.</summary>
    public static EnsembleReport Run(EnsembleOptions options, Action<string>? log = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var data = Datasets.Load(options.Dataset, options.DataDir, new DatasetLoadOptions(AllowDownload: false));
        var seeds = options.Seeds ?? [1, 2, 3];
        var baseOptions = options.Learner ?? LearnerOptions.Default;
        var members = new List<EnsembleMember>();
        var plain = new List<ClassificationResult>();
        var tta = new List<ClassificationResult>();
        var snapshotAccuracies = new List<double>();
        double? snapshotEnsemble = null;
        string split = "";
        foreach (var seed in seeds)
        {
            var memberClock = Stopwatch.StartNew();
            using var learner = Learner.Create(data, options.Model, baseOptions with { Seed = seed });
            split = learner.EvaluationSplit;
            if (log != null)
                learner.EpochProgress = new ActionProgress<EpochMetrics>(e => log($"  seed {seed}, epoch {e.Epoch}: train loss {e.TrainLoss:F3}, held-out accuracy {e.ValidAccuracy:P1}"));
            learner.FineTune(options.Epochs, baseLr: options.LearningRate, cancel: cancel);
            var result = learner.Evaluate();
            var (ttaResult, _) = TtaEnsemble.Evaluate(learner, options.Tta);
            plain.Add(result); tta.Add(ttaResult);
            members.Add(new EnsembleMember(seed, result.Accuracy, ttaResult.Accuracy, memberClock.Elapsed.TotalSeconds));
            log?.Invoke($"member seed {seed}: {result.Accuracy:P1} ({ttaResult.Accuracy:P1} with {options.Tta} TTA) in {memberClock.Elapsed.TotalSeconds:F0} s");
            if (options.SnapshotCycles > 0 && seed == seeds[0])
            {
                var snapshots = SnapshotEnsemble.Train(learner, new SnapshotOptions(options.SnapshotCycles, options.SnapshotEpochsPerCycle,
                    options.LearningRate / 2), cancel);
                snapshotAccuracies.AddRange(snapshots.Snapshots.Select(s => s.Accuracy));
                snapshotEnsemble = snapshots.Ensemble.Accuracy;
                log?.Invoke($"snapshots of seed {seed}: {string.Join(", ", snapshotAccuracies.Select(a => a.ToString("P1")))}; their average {snapshotEnsemble:P1}");
            }
        }
        var ensemble = ProbabilityEnsemble.Combine(plain);
        var ensembleTta = ProbabilityEnsemble.Combine(tta);
        log?.Invoke($"ensemble of {seeds.Count}: {ensemble.Accuracy:P1} ({ensembleTta.Accuracy:P1} with TTA); best member {plain.Max(p => p.Accuracy):P1}");
        return new EnsembleReport(data.Name, split, ensemble.Count, members, ensemble.Accuracy, ensembleTta.Accuracy, snapshotAccuracies,
            snapshotEnsemble, clock.Elapsed.TotalSeconds);
    }
}
