using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Training;
using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>
/// Episodic N-way K-shot evaluation of few-shot methods on frozen features: prototypes, a fine-tuned linear head
/// per episode, and Reptile. Settings are chosen on meta-validation classes only (the prototype distance,
/// Reptile's number of meta-training steps); every method is then scored on the same seeded meta-test episodes,
/// made of classes never seen in meta-training, and compared with the prototypes episode by episode.
/// </summary>
public static class FewShotBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="features">Features of every image (labels are dataset classes).</param>
    /// <param name="split">Which classes each stage may use.</param>
    /// <param name="options">N, the K values, episodes, queries, seed, methods; null for 5-way 1- and 5-shot, 600 episodes.</param>
    /// <param name="progress">Receives episodes done per method and K, and meta-training steps.</param>
    /// <param name="cancel">Stops between episodes.</param>
    /// <exception cref="ArgumentException">The options cannot run on this split (<see cref="FewShotOptions.Problem"/>).</exception>
    public static FewShotResult Run(FeatureSet features, ClassSplit split, FewShotOptions? options = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        options ??= new FewShotOptions();
        split.Validate();
        if (options.Problem(features.Labels, split) is { } problem) throw new ArgumentException(problem);
        var clock = Stopwatch.StartNew();
        // Episodes are tiny (25 × 512): thread hand-offs cost more than the arithmetic, and on a busy 2-core machine
        // each op of a multi-threaded libtorch waits milliseconds for a core (measured: 100 Adam steps 2 s, 50 ms on one thread).
        int threads = get_num_threads();
        set_num_threads(1);
        try { return RunEpisodes(features, split, options, clock, progress, cancel); }
        finally { set_num_threads(threads); }
    }

    static FewShotResult RunEpisodes(FeatureSet features, ClassSplit split, FewShotOptions options, Stopwatch clock,
        IProgress<WorkProgress>? progress, CancellationToken cancel)
    {
        using var all = tensor(features.Features, [features.Count, features.Dim]);
        var methods = options.MethodList;
        var validation = new EpisodeSampler(features.Labels, split.Validation);
        int validationWays = Math.Min(options.Ways, split.Validation.Count);

        // Choices on meta-validation classes only: the prototype distance.
        var distance = PrototypeDistance.Euclidean;
        var distanceValidation = new List<DistanceChoice>();
        if (methods.Contains("proto"))
        {
            var episodes = options.ShotCounts.SelectMany(k => validation.Sample(options.ValidationEpisodes, validationWays, k,
                Math.Min(options.Queries, validation.SmallestClass - k), options.Seed + 1000 + k)).ToList();
            foreach (var d in Enum.GetValues<PrototypeDistance>())
                distanceValidation.Add(new DistanceChoice(d, Score(new PrototypicalNetwork(d), all, episodes, cancel).Average()));
            distance = distanceValidation.MaxBy(c => c.Accuracy)!.Distance;
        }

        var metaClock = Stopwatch.StartNew();
        using var reptile = methods.Contains("reptile")
            ? Reptile.MetaTrain(all, new EpisodeSampler(features.Labels, split.Train), validation, options.Ways, options.Reptile, options.Seed, progress, cancel)
            : null;
        double metaSeconds = metaClock.Elapsed.TotalSeconds;

        var test = new EpisodeSampler(features.Labels, split.Test);
        var scores = new List<FewShotScore>();
        var perShot = options.ShotCounts.ToDictionary(k => k, k => test.Sample(options.Episodes, options.Ways, k, options.Queries, options.Seed + k));
        foreach (var name in methods)
        {
            IFewShotMethod method = name switch
            {
                "proto" => new PrototypicalNetwork(distance),
                "linear" => new FineTunedHead(options.Head),
                _ => reptile!,
            };
            foreach (var k in options.ShotCounts)
            {
                var methodClock = Stopwatch.StartNew();
                var accuracies = Score(method, all, perShot[k], cancel, progress, $"{name} {k}-shot");
                var proto = scores.FirstOrDefault(s => s.Method == "proto" && s.Shots == k);
                var versus = proto == null || name == "proto" ? null
                    : AccuracyInterval.FromEpisodes(accuracies.Zip(proto.EpisodeAccuracies, (a, b) => a - b).ToList());
                scores.Add(new FewShotScore(name, k, AccuracyInterval.FromEpisodes(accuracies), versus, methodClock.Elapsed.TotalSeconds, accuracies));
            }
        }
        return new FewShotResult(options.Ways, options.ShotCounts, options.Queries, options.Episodes, options.Seed, split, distance, distanceValidation,
            validationWays, reptile?.ValidationCurve ?? [], reptile?.BestIteration, scores, metaSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Query accuracy of <paramref name="method"/> on each episode.</summary>
    public static double[] Score(IFewShotMethod method, Tensor features, IReadOnlyList<Episode> episodes, CancellationToken cancel = default,
        IProgress<WorkProgress>? progress = null, string stage = "episodes")
    {
        var accuracies = new double[episodes.Count];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < episodes.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                var e = episodes[i];
                var support = features.index_select(0, Rows(e.Support, features.device));
                var labels = Rows(e.SupportLabels, features.device);
                var query = features.index_select(0, Rows(e.Query, features.device));
                accuracies[i] = e.Accuracy(method.Predict(support, labels, query, e.Ways));
            }
            progress?.Report(new WorkProgress(stage, i + 1, episodes.Count, (i + 1) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        return accuracies;
    }

    static Tensor Rows(int[] values, Device device) => tensor(values.Select(v => (long)v).ToArray(), device: device);
}
