using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Training.Schedules;

using static TorchSharp.torch;

namespace TransferGuide.Training;

/// <summary>
/// Holds a model, its data, the loss, an optimiser, a schedule and the metrics history, and trains the
/// way the course teaches: <c>learner.FineTune(epochs: 5)</c> for the one-call default, and
/// <see cref="Freeze"/>, <see cref="UnfreezeTop"/>, <see cref="Fit"/>, <see cref="FindLearningRate"/> underneath.
/// Every training and inference step runs inside a DisposeScope.
/// </summary>
public sealed partial class Learner : IDisposable
{
    /// <summary>Layer groups from input to output: stem, four stages, head (<see cref="ZooModel.GroupCount"/>).</summary>
    public const int GroupCount = ZooModel.GroupCount;

    readonly ImageBatchSource _train;
    readonly ImageBatchSource _valid;
    TrainingState? _resume;
    byte[]? _resumeOptimizer;

    /// <summary>The network being trained.</summary>
    public ZooModel Model { get; }
    /// <summary>Model id in the zoo, stored in checkpoints.</summary>
    public string Architecture { get; }
    /// <summary>Class names, in label order.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Dataset name.</summary>
    public string DatasetName { get; }
    /// <summary>Where the images came from; written into every checkpoint so that resuming finds the same data.</summary>
    public DataSource? DataSource { get; set; }
    /// <summary>Input preparation.</summary>
    public Preprocessing Preprocessing { get; }
    /// <summary>Every knob.</summary>
    public LearnerOptions Options { get; private set; }
    /// <summary>Per-epoch and per-step metrics so far.</summary>
    public MetricsHistory History { get; private set; } = new();
    /// <summary>Epochs completed, over all plans.</summary>
    public int Epoch { get; private set; }
    /// <summary>Optimiser steps completed, over all plans.</summary>
    public long Step { get; private set; }
    /// <summary>First layer group that trains (0: all; 5: head only).</summary>
    public int TrainableFrom { get; private set; }
    /// <summary>Files skipped while loading or decoding.</summary>
    public LoadReport Report { get; }
    /// <summary>Receives every finished epoch.</summary>
    public IProgress<EpochMetrics>? EpochProgress { get; set; }
    /// <summary>Receives progress inside an epoch (stage "epoch N" or "validate").</summary>
    public IProgress<WorkProgress>? BatchProgress { get; set; }
    /// <summary>Training and held-out item counts.</summary>
    public (int Train, int Valid) Counts => (_train.Count, _valid.Count);
    /// <summary>Name of the held-out split.</summary>
    public string ValidSplit { get; }
    /// <summary>
    /// Replaces the training loss (cross-entropy with label smoothing) when set, e.g. with a distillation loss.
    /// Validation loss stays plain cross-entropy, so runs remain comparable.
    /// </summary>
    public BatchLoss? Loss { get; set; }

    Learner(ZooModel model, string architecture, IReadOnlyList<string> classes, string dataset, Preprocessing preprocessing,
        IReadOnlyList<DataItem> train, IReadOnlyList<DataItem> valid, string validSplit, LoadReport report, LearnerOptions options)
    {
        Model = model; Architecture = architecture; Classes = classes; DatasetName = dataset; Preprocessing = preprocessing;
        Options = options; Report = report; ValidSplit = validSplit;
        var augment = !options.Augment ? Transforms.Eval(preprocessing) : options.StrongAugment ? Transforms.Strong(preprocessing) : Transforms.Train(preprocessing);
        _train = new ImageBatchSource(train, augment, preprocessing, report, options.Pipeline);
        _valid = new ImageBatchSource(valid, Transforms.Eval(preprocessing), preprocessing, report, options.Pipeline);
    }

    /// <summary>
    /// A learner for <paramref name="data"/>: trains on "train" and watches "val" (or "test"); a dataset with
    /// no split is split 80/20 per class with the options' seed.
    /// </summary>
    /// <param name="data">Images in class folders.</param>
    /// <param name="architecture">Any <see cref="ModelZoo"/> id.</param>
    /// <param name="options">Every knob; null for the defaults.</param>
    /// <param name="headDropout">Dropout before the head; null keeps the architecture's own.</param>
    /// <param name="pretrained">
    /// ImageNet weights: true requires them, false trains from scratch, null uses them when they are on disk (and always
    /// for the offline ResNet18, whose weights come with the kit: a missing file there is reported, not skipped).
    /// </param>
    public static Learner Create(ImageDataset data, string architecture = ModelZoo.ResNet18ImageNet, LearnerOptions? options = null,
        double? headDropout = null, bool? pretrained = null)
    {
        options ??= new LearnerOptions();
        Reproducibility.Seed(options.Seed);
        var spec = ModelZoo.Spec(architecture);
        var (train, valid, validName) = SplitFor(data, options.Seed);
        var model = ModelZoo.Create(spec.Id, data.Classes.Count, pretrained ?? (spec.WeightsShipWithKit || ModelZoo.PretrainedAvailable(spec.Id)), headDropout);
        InitialiseHead(model, options.Seed);
        var preprocessing = options.ImageSize is { } size
            ? spec.Preprocessing with { CropSize = size, ResizeShorterSide = (int)Math.Round(size * 256.0 / 224) }
            : spec.Preprocessing;
        return new Learner(model, spec.Id, data.Classes, data.Name, preprocessing, train, valid, validName, data.Report, options)
        {
            DataSource = data.Source,
        };
    }

    /// <summary>
    /// Draws the new head as torch's Linear does (uniform within ±1/√fan-in), but from its own seeded generator.
    /// Torch's global generator is shared by every thread, so a head drawn from it after <c>Seed</c> changes when
    /// another model is built at the same moment (parallel tests, notebooks): this keeps Create reproducible.
    /// </summary>
    static void InitialiseHead(ZooModel model, int seed)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var random = new Random(Reproducibility.Mix(seed, 0x4ead));
        foreach (var linear in model.Classifier.modules().OfType<TorchSharp.Modules.Linear>())
        {
            double bound = 1 / Math.Sqrt(linear.weight!.shape[1]);
            foreach (var p in new[] { linear.weight!, linear.bias }.OfType<TorchSharp.Modules.Parameter>())
            {
                var values = new float[p.numel()];
                for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
                p.copy_(tensor(values, p.shape));
            }
        }
    }

    /// <summary>The train and held-out items a learner uses for <paramref name="data"/>.</summary>
    public static (IReadOnlyList<DataItem> Train, IReadOnlyList<DataItem> Valid, string ValidName) SplitFor(ImageDataset data, int seed)
    {
        var splits = data.Splits;
        string? held = splits.Contains("val") ? "val" : splits.Contains("test") ? "test" : null;
        if (splits.Contains("train") && held != null) return (data.Split("train"), data.Split(held), held);
        var pool = splits.Contains("train") ? data.Split("train") : data.Items;
        var split = StratifiedSplit.Split(pool, 0.2, seed);
        return (split.Where(i => i.Split == "train").ToList(), split.Where(i => i.Split == "val").ToList(), "val");
    }

    /// <summary>Freezes everything but the head. Frozen BatchNorm layers keep their running statistics.</summary>
    public void Freeze() => SetTrainableFrom(GroupCount - 1);

    /// <summary>Unfreezes every layer group.</summary>
    public void Unfreeze() => SetTrainableFrom(0);

    /// <summary>Unfreezes the top <paramref name="groups"/> groups (1 = head only, 2 = head and layer4, …).</summary>
    public void UnfreezeTop(int groups) => SetTrainableFrom(Math.Clamp(GroupCount - groups, 0, GroupCount - 1));

    void SetTrainableFrom(int first)
    {
        TrainableFrom = first;
        var groups = Model.LayerGroups();
        for (int g = 0; g < groups.Count; g++)
            foreach (var module in groups[g].Modules)
                foreach (var p in module.parameters()) p.requires_grad = g >= first;
    }

    /// <summary>
    /// The one-call default (as fastai's <c>fine_tune</c>): <paramref name="freezeEpochs"/> epochs of the new head
    /// alone, then <paramref name="epochs"/> epochs of every layer with discriminative rates (the stem at 1/100 of
    /// the head's) under a one-cycle schedule.
    /// </summary>
    public MetricsHistory FineTune(int epochs = 5, int freezeEpochs = 1, double baseLr = 1e-3, CancellationToken cancel = default) =>
        RunPlan([
            new TrainingPhase("head", freezeEpochs, GroupCount - 1, baseLr),
            new TrainingPhase("all layers", epochs, 0, baseLr / 2, LrSpread: 100),
        ], cancel);

    /// <summary>Trains the currently unfrozen groups for <paramref name="epochs"/> at <paramref name="lr"/> (one-cycle unless a schedule is given).</summary>
    public MetricsHistory Fit(int epochs, double lr = 1e-3, LrSchedule? schedule = null, double lrSpread = 1.0, CancellationToken cancel = default) =>
        RunPlan([new TrainingPhase("fit", epochs, TrainableFrom, lr, lrSpread, schedule)], cancel);

    /// <summary>Predictions of the current model on the held-out split.</summary>
    public ClassificationResult Evaluate()
    {
        var (probs, labels, paths, _) = Predict(_valid);
        return new ClassificationResult(Classes, labels, probs, paths);
    }

    /// <summary>
    /// Predictions on the held-out split averaged over test-time augmentation views (see
    /// <see cref="TestTimeAugmentation.Views"/>; default: the centre crop and its mirror image).
    /// </summary>
    public ClassificationResult EvaluateTta(IReadOnlyList<IReadOnlyList<IImageTransform>>? views = null)
    {
        views ??= TestTimeAugmentation.Views(Preprocessing);
        if (views.Count == 0) throw new ArgumentException("Give at least one view.", nameof(views));
        float[]? sum = null; int[] labels = []; string[] paths = [];
        foreach (var view in views)
        {
            var (probs, l, p, _) = Predict(_valid, view);
            if (sum == null) { sum = probs; labels = l; paths = p; continue; }
            if (!p.SequenceEqual(paths)) throw new InvalidOperationException("A held-out file failed to decode in one view only; check the load report.");
            for (int i = 0; i < sum.Length; i++) sum[i] += probs[i];
        }
        for (int i = 0; i < sum!.Length; i++) sum[i] /= views.Count;
        return new ClassificationResult(Classes, labels, sum, paths);
    }

    /// <summary>Steps per epoch (optimiser steps, after accumulation).</summary>
    public long StepsPerEpoch
    {
        get
        {
            long batches = (_train.Count + Options.BatchSize - 1) / Options.BatchSize;
            return (batches + Options.AccumulationSteps - 1) / Options.AccumulationSteps;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _train.Dispose();
        _valid.Dispose();
        Model.Dispose();
    }

    internal static JsonSerializerOptions Json => Checkpoint.JsonOptions;
}
