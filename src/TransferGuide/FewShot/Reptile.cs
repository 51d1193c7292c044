using Optim = TransferGuide.Training.Optimizers;
using TorchSharp.Modules;
using TransferGuide.Core;
using static TorchSharp.torch;

namespace TransferGuide.FewShot;

/// <summary>One meta-validation check during meta-training.</summary>
/// <param name="Iteration">Outer steps done (0: before meta-training).</param>
/// <param name="Accuracy">Mean accuracy on meta-validation episodes.</param>
public sealed record MetaValidationPoint(int Iteration, double Accuracy);

/// <summary>
/// First-order meta-learning with Reptile (Nichol, Achiam and Schulman, 2018) on top of the frozen features: a
/// <see cref="ResidualAdapter"/> is meta-trained so that a few Adam steps on a new episode's support set (adapter
/// plus a zero-initialised linear head, the "zeroing trick": labels are shuffled per episode, so a learned head
/// start would carry no information) classify its queries well. Each outer step adapts a copy on a meta-training
/// episode and moves the adapter a fraction ε toward it. Meta-validation accuracy is checked every few steps,
/// the check before any meta-training included, and the best weights are kept.
/// </summary>
public sealed class Reptile : IFewShotMethod, IDisposable
{
    /// <summary>The settings.</summary>
    public ReptileOptions Options { get; }

    /// <summary>The meta-learned adapter (the weights of the best meta-validation check).</summary>
    public ResidualAdapter Adapter { get; }

    /// <summary>Meta-validation accuracy at each check.</summary>
    public IReadOnlyList<MetaValidationPoint> ValidationCurve { get; }

    /// <summary>Outer steps of the kept weights; 0 means meta-training never beat the adapter's plain start on meta-validation.</summary>
    public int BestIteration => ValidationCurve.MaxBy(p => p.Accuracy)!.Iteration;

    /// <inheritdoc />
    public string Name => "reptile";

    Reptile(ReptileOptions options, ResidualAdapter adapter, IReadOnlyList<MetaValidationPoint> curve) =>
        (Options, Adapter, ValidationCurve) = (options, adapter, curve);

    /// <summary>Meta-trains on <paramref name="train"/> episodes, choosing the weights on <paramref name="validation"/> episodes.</summary>
    /// <param name="features">All feature rows, <c>rows × dim</c>.</param>
    /// <param name="train">Draws meta-training episodes (meta-train classes only).</param>
    /// <param name="validation">Draws meta-validation episodes (meta-validation classes only).</param>
    /// <param name="ways">N of meta-training episodes; meta-validation uses as many as it has classes, up to N.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="seed">Seeds the adapter and the episodes.</param>
    /// <param name="progress">Receives outer steps done.</param>
    /// <param name="cancel">Stops between outer steps.</param>
    public static Reptile MetaTrain(Tensor features, EpisodeSampler train, EpisodeSampler validation, int ways, ReptileOptions? options = null,
        int seed = 42, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        options ??= new ReptileOptions();
        int validationWays = Math.Min(ways, validation.Classes.Count);
        int validationQueries = Math.Max(1, Math.Min(15, validation.SmallestClass - options.MetaShots));
        var validationEpisodes = validation.Sample(options.ValidationEpisodes, validationWays, options.MetaShots, validationQueries, seed + 1);
        var random = new Random(seed);
        var adapter = ResidualAdapter.Create((int)features.shape[1], options.AdapterWidth, seed, features.device);
        var best = adapter.Clone();
        var curve = new List<MetaValidationPoint> { new(0, Score(adapter.Weights, features, validationEpisodes, options)) };
        for (int iteration = 1; iteration <= options.MetaIterations; iteration++)
        {
            cancel.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                var episode = train.Sample(Math.Min(ways, train.Classes.Count), options.MetaShots, 1, random); // Reptile adapts on the support set only
                var (x, y) = Rows(features, episode.Support, episode.SupportLabels);
                var adapted = Adapt(adapter.Weights, x, y, episode.Ways, options.InnerSteps, options);
                double step = options.MetaStepSize * (1 - (iteration - 1) / (double)options.MetaIterations);
                adapter.MoveToward(adapted, step);
            }
            if (iteration % options.ValidateEvery == 0 || iteration == options.MetaIterations)
            {
                var point = new MetaValidationPoint(iteration, Score(adapter.Weights, features, validationEpisodes, options));
                if (point.Accuracy > curve.Max(p => p.Accuracy)) { best.Dispose(); best = adapter.Clone(); }
                curve.Add(point);
            }
            progress?.Report(new WorkProgress("reptile meta-training", iteration, options.MetaIterations, 0));
        }
        adapter.Dispose();
        return new Reptile(options, best, curve);
    }

    /// <inheritdoc />
    public int[] Predict(Tensor support, Tensor supportLabels, Tensor query, int ways) =>
        Predict(Adapter.Weights, support, supportLabels, query, ways, Options);

    static int[] Predict(IReadOnlyList<Tensor> start, Tensor support, Tensor supportLabels, Tensor query, int ways, ReptileOptions options)
    {
        using var scope = NewDisposeScope();
        var adapted = Adapt(start, support, supportLabels, ways, options.TestSteps, options);
        using var _ = no_grad();
        return Logits(adapted, query).argmax(1).to_type(ScalarType.Int32).cpu().data<int>().ToArray();
    }

    /// <summary>
    /// The inner loop: a trainable copy of the adapter plus a zero head (appended as the last two tensors), after
    /// <paramref name="steps"/> full-batch steps on the support set: Adam for the head, plain SGD for the adapter.
    /// </summary>
    static Parameter[] Adapt(IReadOnlyList<Tensor> start, Tensor x, Tensor y, int ways, int steps, ReptileOptions options)
    {
        int dim = (int)x.shape[1];
        var adapter = start.Select(w => new Parameter(w.detach().clone())).ToArray();
        Parameter[] head = [new Parameter(zeros(ways, dim, device: x.device)), new Parameter(zeros(ways, device: x.device))];
        var weights = adapter.Concat(head).ToArray();
        using var headOptimizer = new Optim.Adam(head, options.HeadLearningRate);
        using var adapterOptimizer = new Optim.SGD(adapter, options.AdapterLearningRate);
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            headOptimizer.zero_grad();
            adapterOptimizer.zero_grad();
            nn.functional.cross_entropy(Logits(weights, x), y).backward();
            headOptimizer.step();
            adapterOptimizer.step();
        }
        return weights;
    }

    static Tensor Logits(IReadOnlyList<Tensor> weights, Tensor x) =>
        ResidualAdapter.Apply(weights, x).matmul(weights[^2].t()) + weights[^1];

    static double Score(IReadOnlyList<Tensor> start, Tensor features, IReadOnlyList<Episode> episodes, ReptileOptions options) =>
        episodes.Average(e =>
        {
            using var scope = NewDisposeScope();
            var (x, y) = Rows(features, e.Support, e.SupportLabels);
            var q = features.index_select(0, tensor(e.Query.Select(i => (long)i).ToArray(), device: features.device));
            return e.Accuracy(Predict(start, x, y, q, e.Ways, options));
        });

    static (Tensor X, Tensor Y) Rows(Tensor features, int[] rows, int[] labels) =>
        (features.index_select(0, tensor(rows.Select(i => (long)i).ToArray(), device: features.device)),
         tensor(labels.Select(l => (long)l).ToArray(), device: features.device));

    /// <inheritdoc />
    public void Dispose() => Adapter.Dispose();
}
