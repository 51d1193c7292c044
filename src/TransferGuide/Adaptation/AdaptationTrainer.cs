using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using TorchSharp;
using TransferGuide.Training;
using static TorchSharp.torch;

namespace TransferGuide.Adaptation;

/// <summary>
/// Trains one method's head (<see cref="AdaptationNetwork"/>) on frozen features: labelled source rows, unlabelled target
/// rows, each step in a DisposeScope. The target's labels are never read here except to report
/// <see cref="AdaptationResult.TargetAccuracy"/> once, after training.
/// </summary>
public static class AdaptationTrainer
{
    /// <summary>Trains <paramref name="method"/> and reports its accuracies.</summary>
    /// <param name="method">none, CORAL or DANN.</param>
    /// <param name="source">Labelled source training features.</param>
    /// <param name="sourceValid">Labelled source validation features.</param>
    /// <param name="targetUnlabelled">Target features to adapt to; their labels are ignored.</param>
    /// <param name="targetTest">Target features to report on.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="options">Head options, the same for every method.</param>
    /// <param name="progress">Receives each finished epoch.</param>
    /// <param name="cancel">Stops after the current epoch.</param>
    public static AdaptationResult Train(AdaptationMethod method, FeatureSet source, FeatureSet sourceValid, FeatureSet targetUnlabelled,
        FeatureSet targetTest, int classes, AdaptationOptions? options = null, IProgress<AdaptationEpoch>? progress = null, CancellationToken cancel = default)
    {
        options ??= new AdaptationOptions();
        options.Validate();
        // The head's matrices are tiny (a batch of 32 by 512 by 256): a second thread costs more in hand-offs than it
        // saves, and on a busy machine a spinning thread pool slows every step many times over.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try { return TrainOnOneThread(method, source, sourceValid, targetUnlabelled, targetTest, classes, options, progress, cancel); }
        finally { torch.set_num_threads(threads); }
    }

    static AdaptationResult TrainOnOneThread(AdaptationMethod method, FeatureSet source, FeatureSet sourceValid, FeatureSet targetUnlabelled,
        FeatureSet targetTest, int classes, AdaptationOptions options, IProgress<AdaptationEpoch>? progress, CancellationToken cancel)
    {
        if (source.Count == 0) throw new ArgumentException("No labelled source features.", nameof(source));
        if (method != AdaptationMethod.None && targetUnlabelled.Count < 2) throw new ArgumentException("Adaptation needs unlabelled target features.", nameof(targetUnlabelled));
        var clock = Stopwatch.StartNew();
        if (method == AdaptationMethod.Coral)
        {
            // The alignment is fitted on training rows only; validation rows go through the same map, as new source images would.
            var coral = Coral.Fit(source, targetUnlabelled, options.CoralRegularization, options.CoralAlignMeans);
            source = coral.Apply(source);
            sourceValid = coral.Apply(sourceValid);
        }

        torch.random.manual_seed(options.Seed);
        using var net = new AdaptationNetwork(source.Dim, classes, options.Bottleneck, options.DomainHidden);
        using var optimizer = new Optim.AdamW(net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        using var xs = tensor(source.Features, [source.Count, source.Dim]);
        using var ys = tensor(source.Labels.Select(l => (long)l).ToArray());
        using var xt = tensor(targetUnlabelled.Features, [targetUnlabelled.Count, targetUnlabelled.Dim]);
        var sourceOrder = Enumerable.Range(0, source.Count).ToArray();
        var targetOrder = Enumerable.Range(0, targetUnlabelled.Count).ToArray();
        var shuffle = new Random(options.Seed);
        var targetShuffle = new Random(options.Seed + 1);
        int targetPos = targetOrder.Length;
        int stepsPerEpoch = (source.Count + options.BatchSize - 1) / options.BatchSize;
        long totalSteps = (long)stepsPerEpoch * options.Epochs, step = 0;
        bool dann = method == AdaptationMethod.Dann;
        var history = new List<AdaptationEpoch>();
        double lambda = 0;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            net.train();
            shuffle.Shuffle(sourceOrder);
            double lossSum = 0; long domainCorrect = 0, domainSeen = 0;
            for (int start = 0; start < sourceOrder.Length; start += options.BatchSize, step++)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(options.BatchSize, sourceOrder.Length - start);
                var idx = tensor(sourceOrder.AsSpan(start, n).ToArray().Select(i => (long)i).ToArray());
                // DANN's annealing, for every method alike: lr / (1 + 10p)^0.75 (Ganin et al. 2016), so the late,
                // strongly reversed steps are small ones.
                double done = (double)step / Math.Max(1, totalSteps - 1);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = options.LearningRate / Math.Pow(1 + 10 * done, 0.75);
                optimizer.zero_grad();
                var embedded = net.Embed(xs.index_select(0, idx));
                var labelLoss = nn.functional.cross_entropy(net.Classify(embedded), ys.index_select(0, idx));
                var loss = labelLoss;
                if (dann)
                {
                    lambda = options.DannWeight * GradientReversal.Ramp(done, options.DannGamma);
                    var tIdx = new long[n];
                    for (int k = 0; k < n; k++)
                    {
                        // The target rows cycle in their own shuffled order, so every target row is seen as often as any other.
                        if (targetPos == targetOrder.Length) { targetShuffle.Shuffle(targetOrder); targetPos = 0; }
                        tIdx[k] = targetOrder[targetPos++];
                    }
                    var both = cat([embedded, net.Embed(xt.index_select(0, tensor(tIdx)))], 0);
                    var domainLabels = cat([zeros(n), ones(n)], 0);
                    var domainLogits = net.Domain(both, lambda);
                    loss = labelLoss + nn.functional.binary_cross_entropy_with_logits(domainLogits, domainLabels);
                    domainCorrect += domainLogits.gt(0).to_type(ScalarType.Float32).eq(domainLabels).sum().item<long>();
                    domainSeen += 2 * n;
                }
                loss.backward();
                optimizer.step();
                lossSum += labelLoss.item<float>() * n;
            }
            var record = new AdaptationEpoch(epoch, lossSum / source.Count, Accuracy(Predict(net, sourceValid), sourceValid),
                dann ? (double)domainCorrect / domainSeen : null, lambda);
            history.Add(record);
            progress?.Report(record);
        }

        var predictions = Predict(net, targetTest);
        var last = history[^1];
        return new AdaptationResult(method, options.Seed, last.SourceValidAccuracy, Accuracy(predictions, targetTest), last.DomainAccuracy,
            predictions, history, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The predicted class of each row.</summary>
    static int[] Predict(AdaptationNetwork net, FeatureSet set)
    {
        if (set.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        net.eval();
        var logits = net.call(tensor(set.Features, [set.Count, set.Dim]));
        return logits.argmax(1).to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
    }

    static double Accuracy(int[] predictions, FeatureSet set) =>
        set.Count == 0 ? double.NaN : predictions.Zip(set.Labels).Count(p => p.First == p.Second) / (double)set.Count;
}
