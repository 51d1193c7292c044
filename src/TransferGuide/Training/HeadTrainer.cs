using System.Diagnostics;
using TorchSharp;
using TransferGuide.Models;
using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Trains only the head (a linear softmax layer) on cached features: the "feature extraction" way of
/// transfer learning. Each step runs inside a DisposeScope.
/// </summary>
public static class HeadTrainer
{
    /// <summary>Trains <paramref name="model"/>'s head; returns the per-epoch history.</summary>
    /// <param name="model">The network whose head is trained; the backbone is not touched.</param>
    /// <param name="train">Training features.</param>
    /// <param name="valid">Held-out features for monitoring (never used to choose anything).</param>
    /// <param name="options">Epochs, learning rate, weight decay, batch size, seed.</param>
    /// <param name="progress">Receives each finished epoch.</param>
    /// <param name="cancel">Stops after the current epoch.</param>
    public static MetricsHistory Train(ZooModel model, FeatureSet train, FeatureSet? valid, HeadOptions? options = null,
        IProgress<EpochMetrics>? progress = null, CancellationToken cancel = default)
    {
        options ??= new HeadOptions();
        if (train.Count == 0) throw new ArgumentException("No training features: every training image was skipped.", nameof(train));
        var history = new MetricsHistory();
        var device = model.Device;
        torch.random.manual_seed(options.Seed);
        ResetHead(model);
        using var x = tensor(train.Features, [train.Count, train.Dim]).to(device);
        using var y = tensor(train.Labels.Select(l => (long)l).ToArray()).to(device);
        using var optimizer = optim.AdamW(model.Classifier.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var shuffle = new Random(options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            model.train();
            shuffle.Shuffle(order);
            double lossSum = 0; long correct = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray().Select(i => (long)i).ToArray()).to(device);
                var xb = x.index_select(0, idx);
                var yb = y.index_select(0, idx);
                optimizer.zero_grad();
                var logits = model.Head(xb);
                var loss = nn.functional.cross_entropy(logits, yb);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * idx.shape[0];
                correct += logits.argmax(1).eq(yb).sum().item<long>();
            }
            double? vLoss = null, vAcc = null;
            if (valid is { Count: > 0 })
            {
                var (l, a) = LossAndAccuracy(model, valid);
                vLoss = l; vAcc = a;
            }
            var metrics = new EpochMetrics(epoch, lossSum / train.Count, (double)correct / train.Count, vLoss, vAcc,
                options.LearningRate, clock.Elapsed.TotalSeconds);
            history.Epochs.Add(metrics);
            progress?.Report(metrics);
        }
        model.eval();
        return history;
    }

    /// <summary>Class probabilities of the head for each row, row-major <c>Count × classes</c>.</summary>
    public static float[] PredictProbabilities(ZooModel model, FeatureSet set)
    {
        if (set.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var x = tensor(set.Features, [set.Count, set.Dim]).to(model.Device);
        return model.Head(x).softmax(1).cpu().contiguous().data<float>().ToArray();
    }

    static (double Loss, double Accuracy) LossAndAccuracy(ZooModel model, FeatureSet set)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var device = model.Device;
        var x = tensor(set.Features, [set.Count, set.Dim]).to(device);
        var y = tensor(set.Labels.Select(l => (long)l).ToArray()).to(device);
        var logits = model.Head(x);
        double loss = nn.functional.cross_entropy(logits, y).item<float>();
        double acc = logits.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
        return (loss, acc);
    }

    static void ResetHead(ZooModel model)
    {
        // A fresh head for every run makes results depend on the seed only, not on earlier calls.
        model.ResetClassifier();
    }
}
