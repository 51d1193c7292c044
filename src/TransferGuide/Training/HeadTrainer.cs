using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Trains only the head (a linear softmax layer) on cached features: the "feature extraction" way of
/// transfer learning. The head is a zoo model's classifier, or a bare <see cref="Linear"/> layer for features
/// computed elsewhere. Rows can be weighted or drawn group-balanced (<see cref="HeadOptions"/>). Each step runs
/// inside a DisposeScope.
/// </summary>
public static class HeadTrainer
{
    /// <summary>What the loop needs of a head: its forward pass, its parameters, its mode switch and a fresh start.</summary>
    sealed record HeadParts(Func<Tensor, Tensor> Forward, nn.Module Module, IEnumerable<Parameter> Parameters, Device Device, Action Reset);

    /// <summary>Trains <paramref name="model"/>'s head; returns the per-epoch history.</summary>
    /// <param name="model">The network whose head is trained; the backbone is not touched.</param>
    /// <param name="train">Training features.</param>
    /// <param name="valid">Held-out features for monitoring (never used to choose anything).</param>
    /// <param name="options">Epochs, learning rate, weight decay, batch size, seed, row weights or group-balanced drawing.</param>
    /// <param name="progress">Receives each finished epoch.</param>
    /// <param name="cancel">Stops after the current epoch.</param>
    public static MetricsHistory Train(ZooModel model, FeatureSet train, FeatureSet? valid, HeadOptions? options = null,
        IProgress<EpochMetrics>? progress = null, CancellationToken cancel = default) =>
        Train(new HeadParts(model.Head, model, model.Classifier.parameters(), model.Device, () => model.ResetClassifier()), train, valid, options, progress, cancel);

    /// <summary>Trains a bare linear head on features computed elsewhere (it is re-initialised first); returns the per-epoch history.</summary>
    /// <param name="head">A <c>Linear(train.Dim, classes)</c> layer.</param>
    /// <param name="train">Training features.</param>
    /// <param name="valid">Held-out features for monitoring (never used to choose anything).</param>
    /// <param name="options">Epochs, learning rate, weight decay, batch size, seed, row weights or group-balanced drawing.</param>
    /// <param name="progress">Receives each finished epoch.</param>
    /// <param name="cancel">Stops after the current epoch.</param>
    public static MetricsHistory Train(Linear head, FeatureSet train, FeatureSet? valid, HeadOptions? options = null,
        IProgress<EpochMetrics>? progress = null, CancellationToken cancel = default) =>
        Train(Parts(head), train, valid, options, progress, cancel);

    static HeadParts Parts(Linear head) => new(head.call, head, head.parameters(), head.weight!.device, () =>
    {
        // The zoo's new-head initialisation (small normal weights, zero bias), so both overloads start alike.
        using var _ = no_grad();
        nn.init.normal_(head.weight!, 0, 0.01);
        if (head.bias is { } b) nn.init.zeros_(b);
    });

    static MetricsHistory Train(HeadParts head, FeatureSet train, FeatureSet? valid, HeadOptions? options,
        IProgress<EpochMetrics>? progress, CancellationToken cancel)
    {
        options ??= new HeadOptions();
        if (train.Count == 0) throw new ArgumentException("No training features: every training image was skipped.", nameof(train));
        if (options.SampleWeights is { } sw && sw.Count != train.Count)
            throw new ArgumentException($"{sw.Count} sample weights for {train.Count} training rows: give one weight per row.", nameof(options));
        if (options.BalanceGroups is { } bg && bg.Count != train.Count)
            throw new ArgumentException($"{bg.Count} groups for {train.Count} training rows: give one group per row.", nameof(options));
        var history = new MetricsHistory();
        var device = head.Device;
        torch.random.manual_seed(options.Seed);
        // A fresh head for every run makes results depend on the seed only, not on earlier calls.
        head.Reset();
        using var x = tensor(train.Features, [train.Count, train.Dim]).to(device);
        using var y = tensor(train.Labels.Select(l => (long)l).ToArray()).to(device);
        using var w = options.SampleWeights is { } weights ? tensor(weights.ToArray()).to(device) : null;
        using var optimizer = new Optim.AdamW(head.Parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var shuffle = new Random(options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            head.Module.train();
            if (options.BalanceGroups is { } groups) order = GroupSampling.BalancedOrder(groups, train.Count, shuffle);
            else shuffle.Shuffle(order);
            double lossSum = 0; long correct = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray().Select(i => (long)i).ToArray()).to(device);
                var xb = x.index_select(0, idx);
                var yb = y.index_select(0, idx);
                optimizer.zero_grad();
                var logits = head.Forward(xb);
                // Weights have mean 1 over the training set, so the mean of weighted losses keeps the loss's scale.
                var loss = w is null ? nn.functional.cross_entropy(logits, yb)
                    : (nn.functional.cross_entropy(logits, yb, reduction: nn.Reduction.None) * w.index_select(0, idx)).mean();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * idx.shape[0];
                correct += logits.argmax(1).eq(yb).sum().item<long>();
            }
            double? vLoss = null, vAcc = null;
            if (valid is { Count: > 0 })
            {
                var (l, a) = LossAndAccuracy(head, valid);
                vLoss = l; vAcc = a;
            }
            var metrics = new EpochMetrics(epoch, lossSum / train.Count, (double)correct / train.Count, vLoss, vAcc,
                options.LearningRate, clock.Elapsed.TotalSeconds);
            history.Epochs.Add(metrics);
            progress?.Report(metrics);
        }
        head.Module.eval();
        return history;
    }

    /// <summary>Class probabilities of the head for each row, row-major <c>Count × classes</c>.</summary>
    public static float[] PredictProbabilities(ZooModel model, FeatureSet set) =>
        Probabilities(new HeadParts(model.Head, model, [], model.Device, () => { }), set);

    /// <summary>Class probabilities of a bare linear head for each row, row-major <c>Count × classes</c>.</summary>
    public static float[] PredictProbabilities(Linear head, FeatureSet set) => Probabilities(Parts(head), set);

    static float[] Probabilities(HeadParts head, FeatureSet set)
    {
        if (set.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        head.Module.eval();
        var x = tensor(set.Features, [set.Count, set.Dim]).to(head.Device);
        return head.Forward(x).softmax(1).cpu().contiguous().data<float>().ToArray();
    }

    static (double Loss, double Accuracy) LossAndAccuracy(HeadParts head, FeatureSet set)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        head.Module.eval();
        var x = tensor(set.Features, [set.Count, set.Dim]).to(head.Device);
        var y = tensor(set.Labels.Select(l => (long)l).ToArray()).to(head.Device);
        var logits = head.Forward(x);
        double loss = nn.functional.cross_entropy(logits, y).item<float>();
        double acc = logits.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
        return (loss, acc);
    }
}
