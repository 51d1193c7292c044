using Optim = TransferGuide.Training.Optimizers;
using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using TransferGuide.Training;
using TransferGuide.Training.Distillation;
using static TorchSharp.torch;

namespace TransferGuide.Monitoring;

/// <summary>
/// After drift: update the model on labelled new data at a small rate, three ways, with the same seed, batches, steps
/// and rate: naive (the new data alone), rehearsal (a replay buffer of old examples in every batch) and LwF (Li and
/// Hoiem's learning without forgetting: the loss adds a distillation term that keeps the outputs on the new data close
/// to the old model's). The trainable part is a bottleneck and a head on frozen ResNet18 features, so each update takes
/// seconds on a CPU. Reports new-data accuracy and forgetting (old test accuracy lost), next to the old model.
/// </summary>
public static class IncrementalFineTune
{
    /// <summary>Trains the old model on the old data, then compares the three updates.</summary>
    public static IncrementalReport Compare(IncrementalData data, IncrementalOptions? options = null, Action<string>? log = null)
    {
        options ??= new IncrementalOptions();
        if (data.OldTrain.Count == 0 || data.NewTrain.Count == 0) throw new ArgumentException("Old and new training data must not be empty.");
        // A bottleneck on 512 features is too small to share between threads: on a busy 2-core machine each op waited
        // for the second thread (about 0.3 s per step measured), so these steps run on one and the setting is put back.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try { return CompareOnOneThread(data, options, log); }
        finally { torch.set_num_threads(threads); }
    }

    static IncrementalReport CompareOnOneThread(IncrementalData data, IncrementalOptions options, Action<string>? log)
    {
        torch.random.manual_seed(options.Seed);
        using var old = Build(data.OldTrain.Dim, options.Hidden, data.Classes);
        TrainOld(old, data.OldTrain, options);
        double oldOnOld = Accuracy(old, data.OldTest), oldOnNew = Accuracy(old, data.NewTest);
        var entries = new List<IncrementalEntry> { new("old model", oldOnNew, oldOnOld, 0, 0) };
        log?.Invoke(Line(entries[^1]));
        foreach (var method in new[] { "naive", "rehearsal", "lwf" })
        {
            var clock = Stopwatch.StartNew();
            using var model = Build(data.OldTrain.Dim, options.Hidden, data.Classes);
            model.load_state_dict(old.state_dict());
            Update(model, old, method, data, options);
            double oldAfter = Accuracy(model, data.OldTest);
            entries.Add(new IncrementalEntry(method, Accuracy(model, data.NewTest), oldAfter, oldOnOld - oldAfter, clock.Elapsed.TotalSeconds));
            log?.Invoke(Line(entries[^1]));
        }
        return new IncrementalReport(entries, data.OldTrain.Count, data.NewTrain.Count, data.OldTest.Count, data.NewTest.Count, options);
    }

    /// <summary>
    /// LwF's loss on a batch of new data: (1 − alpha)·cross-entropy on the labels + alpha·T²·KL(old ‖ current) at
    /// temperature T (<see cref="DistillationLoss"/> with the old model as teacher). Equals (1 − alpha)·CE when the
    /// current model still gives the old model's outputs.
    /// </summary>
    public static Tensor LwfLoss(Tensor currentLogits, Tensor oldLogits, Tensor labels, double alpha, double temperature) =>
        new DistillationLoss(alpha, temperature).Mean(currentLogits, oldLogits, labels);

    /// <summary>The trainable part: features → bottleneck (ReLU) → class scores.</summary>
    public static Sequential Build(int features, int hidden, int classes) =>
        nn.Sequential(("bottleneck", nn.Linear(features, hidden)), ("relu", nn.ReLU()), ("head", nn.Linear(hidden, classes)));

    /// <summary>Accuracy of <paramref name="model"/> on a feature set.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, FeatureSet set)
    {
        if (set.Count == 0) return double.NaN;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var logits = model.call(tensor(set.Features, [set.Count, set.Dim]));
        var y = tensor(set.Labels.Select(l => (long)l).ToArray());
        return logits.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }

    static void TrainOld(Sequential model, FeatureSet train, IncrementalOptions options)
    {
        using var optimizer = new Optim.AdamW(model.parameters(), options.OldLearningRate, weight_decay: 1e-2);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var shuffle = new Random(options.Seed);
        model.train();
        for (int epoch = 0; epoch < options.OldEpochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var (x, y) = Batch(train, order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray());
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                optimizer.step();
            }
        }
        model.eval();
    }

    static void Update(Sequential model, Sequential old, string method, IncrementalData data, IncrementalOptions options)
    {
        using var optimizer = new Optim.AdamW(model.parameters(), options.LearningRate, weight_decay: 1e-2);
        // One batch order and one replay stream for every method: the methods differ in their loss only.
        var batches = new Random(options.Seed + 1);
        var replayDraws = new Random(options.Seed + 2);
        var buffer = ReplayBuffer.Stratified(data.OldTrain.Labels, options.ReplayPerClass, options.Seed);
        var order = Enumerable.Range(0, data.NewTrain.Count).ToArray();
        int position = order.Length;
        model.train();
        for (int step = 0; step < options.Steps; step++)
        {
            if (position + options.BatchSize > order.Length) { batches.Shuffle(order); position = 0; }
            var newRows = order.AsSpan(position, Math.Min(options.BatchSize, order.Length)).ToArray();
            position += newRows.Length;
            var replayRows = buffer.Sample(replayDraws, options.ReplayBatch);
            using var scope = NewDisposeScope();
            var (x, y) = Batch(data.NewTrain, newRows);
            optimizer.zero_grad();
            var logits = model.call(x);
            Tensor loss;
            if (method == "rehearsal")
            {
                var (ox, oy) = Batch(data.OldTrain, replayRows);
                loss = nn.functional.cross_entropy(cat([logits, model.call(ox)], 0), cat([y, oy], 0));
            }
            else if (method == "lwf")
            {
                Tensor oldLogits;
                using (no_grad()) oldLogits = old.call(x);
                loss = LwfLoss(logits, oldLogits, y, options.LwfAlpha, options.Temperature);
            }
            else loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
            optimizer.step();
        }
        model.eval();
    }

    static (Tensor X, Tensor Y) Batch(FeatureSet set, int[] rows)
    {
        var x = new float[rows.Length * set.Dim];
        for (int i = 0; i < rows.Length; i++) set.Row(rows[i]).CopyTo(x.AsSpan(i * set.Dim, set.Dim));
        return (tensor(x, [rows.Length, set.Dim]), tensor(rows.Select(r => (long)set.Labels[r]).ToArray()));
    }

    static string Line(IncrementalEntry e) =>
        $"{e.Method}: new {e.NewAccuracy:P1}, old {e.OldAccuracy:P1}, forgetting {e.Forgetting * 100:+0.0;-0.0} pt";
}
