using System.Text.Json;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Training.Schedules;

namespace TransferGuide.Training;

/// <summary>
/// Holds a model, its data, the loss, an optimiser, a schedule and the metrics history, and trains the
/// way the course teaches: <c>learner.FineTune()</c> for the one-call default, and
/// <see cref="Freeze"/>, <see cref="UnfreezeTop"/>, <see cref="Fit"/>, <see cref="FindLearningRate"/> underneath.
/// The loop knows only batches of inputs and labels (<see cref="IBatchSource"/>), so any modality trains the same
/// way; images come with <see cref="Create"/>. Mixing, penalties, the divergence guard, early stopping, checkpoints
/// and progress are callbacks on the loop's events. Every training and inference step runs inside a DisposeScope.
/// </summary>
public sealed partial class Learner : IDisposable
{
    /// <summary>Layer groups from input to output: stem, four stages, head (<see cref="ZooModel.GroupCount"/>).</summary>
    public const int GroupCount = ZooModel.GroupCount;

    /// <summary>The architecture id of a model that is not in the <see cref="ModelZoo"/>.</summary>
    public const string CustomArchitecture = "custom";

    readonly IBatchSource _train;
    readonly IBatchSource _valid;
    readonly IBatchSource _test;
    readonly ImageInputs? _images;
    // Lives as long as the learner: the best weights so far carry over from one plan to the next.
    readonly EarlyStoppingCallback _earlyStopping = new();
    TrainingState? _resume;
    byte[]? _resumeOptimizer;

    /// <summary>The network being trained.</summary>
    public ZooModel Model { get; }
    /// <summary>Model id in the zoo, stored in checkpoints (<see cref="CustomArchitecture"/> for other models).</summary>
    public string Architecture { get; }
    /// <summary>Class names, in label order.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Dataset name.</summary>
    public string DatasetName { get; }
    /// <summary>Where the images came from; written into every checkpoint so that resuming finds the same data.</summary>
    public DataSource? DataSource { get; set; }
    /// <summary>How clips became this learner's inputs, when it trains on sound: written into every checkpoint.</summary>
    public TransferGuide.Augment.Audio.AudioInputSettings? Audio { get; init; }
    /// <summary>The text model's tokenizer and pooling, when it trains on text: written into every checkpoint, which rebuilds the model from them.</summary>
    public TransferGuide.Models.Text.TextModelSettings? Text { get; init; }
    /// <summary>Every knob.</summary>
    public LearnerOptions Options { get; private set; }
    /// <summary>Per-epoch and per-step metrics so far.</summary>
    public MetricsHistory History { get; private set; } = new();
    /// <summary>Epochs completed, over all plans.</summary>
    public int Epoch { get; private set; }
    /// <summary>Optimiser steps completed, over all plans.</summary>
    public long Step { get; private set; }
    /// <summary>
    /// The epoch validation chose in the last plan (null without early stopping); the model holds its weights after
    /// the plan, unless <see cref="BestEpochNote"/> says otherwise.
    /// </summary>
    public int? BestEpoch { get; private set; }
    /// <summary>
    /// Why the model does not hold <see cref="BestEpoch"/>'s weights, when it does not (a run resumed from a checkpoint
    /// that did not carry them); null otherwise.
    /// </summary>
    public string? BestEpochNote { get; private set; }

    /// <summary>The plan of the last <see cref="RunPlan"/> (a resumed one included), e.g. how many head epochs ran; null before any.</summary>
    public IReadOnlyList<TrainingPhase>? Plan { get; private set; }

    /// <summary>First layer group that trains (0: all; 5: head only).</summary>
    public int TrainableFrom { get; private set; }
    /// <summary>Files skipped while loading or decoding.</summary>
    public LoadReport Report { get; }
    /// <summary>Receives every finished epoch.</summary>
    public IProgress<EpochMetrics>? EpochProgress { get; set; }
    /// <summary>Receives progress inside an epoch (stage "epoch N" or "validate").</summary>
    public IProgress<WorkProgress>? BatchProgress { get; set; }
    /// <summary>Training, validation and test item counts (test is 0 when the data leaves no test part).</summary>
    public (int Train, int Valid, int Test) Counts => (_train.Count, _valid.Count, _test.Count);
    /// <summary>Name of the validation split: every choice (best epoch, early stopping) is made on it.</summary>
    public string ValidSplit { get; }
    /// <summary>Name of the split <see cref="Evaluate()"/> reports: the test split when there is one, else validation.</summary>
    public string EvaluationSplit => _test.Count > 0 ? TestSplit : ValidSplit;
    /// <summary>Name of the test split (read once at the end); the validation split's name when there is none.</summary>
    public string TestSplit { get; }
    /// <summary>
    /// Replaces the training loss (cross-entropy with label smoothing) when set, e.g. with a distillation loss.
    /// Validation loss stays plain cross-entropy, so runs remain comparable.
    /// </summary>
    public BatchLoss? Loss { get; set; }

    /// <summary>
    /// A learner on any batches: <paramref name="train"/> and <paramref name="valid"/> may serve images, token ids or
    /// spectrograms, as long as <paramref name="model"/> takes their inputs. The learner disposes the sources and the
    /// model with itself. Models outside the zoo train in their own memory layout, without the numerics guard.
    /// </summary>
    /// <param name="model">The network, with its six layer groups.</param>
    /// <param name="classes">Class names, in label order.</param>
    /// <param name="train">Training batches.</param>
    /// <param name="valid">Validation batches, for every choice (may be empty).</param>
    /// <param name="options">Every knob; null for the defaults. Image options (augmentation, size) do not apply here.</param>
    /// <param name="architecture">A <see cref="ModelZoo"/> id when the model is one, else <see cref="CustomArchitecture"/>.</param>
    /// <param name="dataset">Dataset name, for checkpoints and reports.</param>
    /// <param name="test">Test batches, read only by <see cref="Evaluate()"/> (null: none; validation is reported).</param>
    public Learner(ZooModel model, IReadOnlyList<string> classes, IBatchSource train, IBatchSource valid, LearnerOptions? options = null,
        string architecture = CustomArchitecture, string dataset = "custom", IBatchSource? test = null)
        : this(model, architecture, classes, dataset, train, valid, test ?? new EmptyBatchSource(), "val", "test", new LoadReport(),
            options ?? LearnerOptions.Default, images: null)
    {
    }

    Learner(ZooModel model, string architecture, IReadOnlyList<string> classes, string dataset, IBatchSource train, IBatchSource valid,
        IBatchSource test, string validSplit, string testSplit, LoadReport report, LearnerOptions options, ImageInputs? images)
    {
        Model = model; Architecture = architecture; Classes = classes; DatasetName = dataset;
        _train = train; _valid = valid; _test = test; _images = images;
        Options = options; Report = report; ValidSplit = validSplit; TestSplit = test.Count > 0 ? testSplit : validSplit;
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
    /// The one-call default (as fastai's <c>fine_tune</c>): epochs of the new head alone on the frozen network, then
    /// epochs of every layer with discriminative rates (the stem at 1/100 of the head's) under a one-cycle schedule.
    /// Without <paramref name="epochs"/> the data sets both lengths (<see cref="EpochBudget"/>: small sets get more
    /// epochs, and the head enough steps to be trained before the layers under it move), and early stopping on
    /// validation ends it when it stops improving. Either way the best epoch on validation is the model kept
    /// (<see cref="BestEpoch"/>). <paramref name="freezeEpochs"/> fixes the head phase (default: 1 with
    /// <paramref name="epochs"/>, else <see cref="EpochBudget.HeadEpochs"/>).
    /// </summary>
    public MetricsHistory FineTune(int? epochs = null, int? freezeEpochs = null, double baseLr = 1e-3, CancellationToken cancel = default) =>
        RunPlan(FineTunePlan(epochs, freezeEpochs, baseLr), cancel);

    /// <summary>The plan <see cref="FineTune"/> runs (the same plan again resumes it).</summary>
    public IReadOnlyList<TrainingPhase> FineTunePlan(int? epochs = null, int? freezeEpochs = null, double baseLr = 1e-3) =>
    [
        new TrainingPhase("head", freezeEpochs ?? (epochs == null ? EpochBudget.HeadEpochs(StepsPerEpoch) : 1), GroupCount - 1, baseLr),
        new TrainingPhase("all layers", epochs ?? EpochBudget.Epochs(StepsPerEpoch), 0, baseLr / 2, LrSpread: 100),
    ];

    /// <summary>Trains the currently unfrozen groups for <paramref name="epochs"/> at <paramref name="lr"/> (one-cycle unless a schedule is given).</summary>
    public MetricsHistory Fit(int epochs, double lr = 1e-3, LrSchedule? schedule = null, double lrSpread = 1.0, CancellationToken cancel = default) =>
        RunPlan([new TrainingPhase("fit", epochs, TrainableFrom, lr, lrSpread, schedule)], cancel);

    /// <summary>
    /// Predictions of the current model on the split a run reports (<see cref="EvaluationSplit"/>): the test split when
    /// there is one, else validation. Read it once, at the end: choices belong to <see cref="EvaluateValidation"/>.
    /// </summary>
    public ClassificationResult Evaluate() => Result(_test.Count > 0 ? _test : _valid);

    /// <summary>Predictions of the current model on the validation split, where every choice is made.</summary>
    public ClassificationResult EvaluateValidation() => Result(_valid);

    ClassificationResult Result(IBatchSource source)
    {
        var (probs, labels, ids, _) = Predict(source);
        return new ClassificationResult(Classes, labels, probs, ids);
    }

    /// <summary>Steps per epoch (optimiser steps, after accumulation).</summary>
    public long StepsPerEpoch
    {
        get
        {
            long batches = (_train.Count + Options.BatchSize - 1) / Options.BatchSize;
            return (batches + Options.Optimizer.AccumulationSteps - 1) / Options.Optimizer.AccumulationSteps;
        }
    }

    /// <summary>The options a resumed learner will use; set before training to change, e.g., where checkpoints go.</summary>
    public void Configure(Func<LearnerOptions, LearnerOptions> change)
    {
        Options = change(Options);
        if (_resume != null) _resume = _resume with { Options = Options };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // A second call does nothing (as .NET's dispose pattern asks), so an owner may dispose early and again in a finally.
        if (_disposed) return;
        _disposed = true;
        _train.Dispose();
        _valid.Dispose();
        _test.Dispose();
        _earlyStopping.Dispose();
        Model.Dispose();
    }

    bool _disposed;

    internal static JsonSerializerOptions Json => Checkpoint.JsonOptions;
}
