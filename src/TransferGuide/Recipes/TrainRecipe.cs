using System.Diagnostics;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Evaluation.Ensembles;
using TransferGuide.Models;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="TrainRecipe"/>.</summary>
/// <param name="Dataset">Catalog dataset, used when <paramref name="DataDir"/> is null; null: the resumed run's own data, else hymenoptera_data.</param>
/// <param name="DataDir">Your own class-folder tree instead.</param>
/// <param name="Recipe">"extract" (frozen features + linear head), "finetune" (the Learner's FineTune) or "auto" (both, the better on validation kept).</param>
/// <param name="Epochs">Epochs (fine-tune: unfrozen epochs after one head epoch; null: both set by the data, <see cref="EpochBudget"/>; extract: head epochs).</param>
/// <param name="Resume">A run folder (or its model.tgck) to continue from.</param>
/// <param name="RunsRoot">Where new run folders go.</param>
/// <param name="Learner">Learner options for fine-tuning.</param>
/// <param name="LearningRate">Base learning rate of fine-tuning.</param>
/// <param name="Model">Zoo architecture to fine-tune (<see cref="ModelZoo.Available"/>).</param>
/// <param name="Pretrained">Start from ImageNet weights: null uses them where this machine has them (and says so when it does not).</param>
/// <param name="MaxPixels">Images over this many pixels are skipped and named (<c>--max-megapixels</c>).</param>
/// <param name="Refit">Fine-tune: after validation chose the epoch, train afresh on training and validation together (<see cref="FineTuneRefit"/>); null: no refit.</param>
/// <param name="Tta">
/// Fine-tune: the test-time-augmentation views the test split is reported with (null: the centre crop alone). The
/// default is the centre crop and its mirror image, as the training augmentation flips; the single-view accuracy is
/// reported beside it (<see cref="RunMetrics.SingleViewAccuracy"/>).
/// </param>
public sealed record TrainOptions(
    string? Dataset = null,
    string? DataDir = null,
    string Recipe = "finetune",
    int? Epochs = null,
    string? Resume = null,
    string RunsRoot = "runs",
    LearnerOptions? Learner = null,
    double LearningRate = 1e-3,
    string Model = ModelZoo.ResNet18ImageNet,
    bool? Pretrained = null,
    long MaxPixels = ImageDecoder.DefaultMaxPixels,
    bool? Refit = null,
    TtaViews? Tta = TtaViews.Flip);

/// <summary>
/// <c>tg train</c>: runs a recipe and writes the same run folder as quickstart. Fine-tuning checkpoints after
/// every epoch (and on Ctrl+C), so <c>--resume RUN</c> carries on where it stopped.
/// </summary>
public static class TrainRecipe
{
    /// <summary>The recipe ids <c>tg train --recipe</c> takes.</summary>
    public static IReadOnlyList<string> Recipes { get; } = ["extract", "finetune", "auto"];

    /// <summary>Runs the recipe.</summary>
    public static RunResult Run(TrainOptions options, RecipeProgress? progress = null, CancellationToken cancel = default,
        IProgress<WorkProgress>? batches = null)
    {
        progress ??= new RecipeProgress();
        switch (options.Recipe.ToLowerInvariant())
        {
            case "extract":
                if (options.Resume != null) throw new ArgumentException("--resume applies to fine-tuning; feature extraction resumes from its feature cache by itself.");
                RunFolder.CheckWritable(options.RunsRoot);
                return Extract(options, progress, cancel);
            case "finetune":
                return FineTune(options, progress, cancel, batches);
            case "auto":
                return AutoRecipe.Run(options, progress, cancel, batches);
            default:
                throw new ArgumentException($"Unknown recipe '{options.Recipe}'. Use extract, finetune or auto.");
        }
    }

    internal static RunResult Extract(TrainOptions options, RecipeProgress progress, CancellationToken cancel) =>
        Quickstart.Run(new QuickstartOptions(options.Dataset ?? TrainData.DefaultDataset, options.DataDir,
            Head: new HeadOptions(Epochs: options.Epochs ?? new HeadOptions().Epochs, Seed: options.Learner?.Seed ?? 42), RunsRoot: options.RunsRoot,
            MaxPixels: options.MaxPixels, Seed: options.Learner?.Seed ?? 42), progress, cancel);

    internal static RunResult FineTune(TrainOptions options, RecipeProgress progress, CancellationToken cancel, IProgress<WorkProgress>? batches)
    {
        var clock = Stopwatch.StartNew();
        // Every check that needs no training comes first, so a run that cannot start leaves nothing behind.
        string? checkpoint = null;
        CheckpointHeader? resumed = null;
        if (options.Resume != null)
        {
            checkpoint = Directory.Exists(options.Resume) ? Path.Combine(options.Resume, "model.tgck") : options.Resume;
            resumed = Checkpoint.ReadHeader(checkpoint);
            if (resumed.Recipe != "learner")
                throw new CheckpointException($"{checkpoint} holds a finished model ({resumed.Recipe}), not a training run to resume. " +
                                              "Use it with tg evaluate, or start a new run.");
        }
        else RunFolder.CheckWritable(options.RunsRoot);
        var status = TorchRuntime.EnsureLoaded();
        var data = TrainData.Load(options, resumed, checkpoint, progress);

        RunFolder folder;
        Learner learner;
        bool? pretrained = null;
        bool runsRootExisted = Directory.Exists(options.RunsRoot);
        if (checkpoint != null)
        {
            learner = Learner.Resume(checkpoint, data);
            folder = RunFolder.Open(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);
            foreach (var (orphan, bytes) in folder.RemovedOrphans)
                progress.Log?.Invoke($"removed {orphan} ({bytes / 1e6:F1} MB), a temporary checkpoint left by a write that was killed");
            progress.Log?.Invoke($"resuming {checkpoint} at epoch {learner.Epoch}, step {learner.Step}");
        }
        else
        {
            var learnerOptions = options.Learner ?? LearnerOptions.Default;
            var spec = ModelZoo.Spec(options.Model);
            bool available = spec.WeightsShipWithKit || ModelZoo.PretrainedAvailable(spec.Id);
            pretrained = options.Pretrained ?? available;
            if (options.Pretrained is null && !available)
                progress.Log?.Invoke($"warning: no ImageNet weights for {spec.Id} on this machine ({spec.Weights}); training from random initialisation. " +
                                     "Put the weights file in place (tg models lists where), or pass --weights imagenet to require them.");
            learner = Learner.Create(data, spec.Id, learnerOptions, pretrained: pretrained);
            folder = RunFolder.Create(options.RunsRoot);
        }
        Attach(learner, folder, progress, batches);
        progress.Log?.Invoke($"{data.Name}: {Learner.SplitFor(data, learner.Options).Describe()}; run folder {folder.Path}");
        if (options.Resume == null && learner.Options.Augmentation is { Images: not ImageAugmentation.None, MinCropArea: { } share })
            progress.Log?.Invoke($"augmentation: training crops keep {share * 100:F0}% to 100% of the image" +
                                 (options.Learner?.Augmentation.MinCropArea != null ? " (--crop-area)"
                                     : learner.Report.MedianShorterSide is { } px ? $" (chosen for images of {px} px on the median shorter side)" : ""));
        try
        {
            var trainClock = Stopwatch.StartNew();
            Train(learner, options, folder, checkpoint, runsRootExisted, progress, cancel);
            // A resumed refit: what the first run chose is in the run folder, and its seconds count too.
            RefitSelection? selection = learner.Options.Refit ? RefitSelection.Load(folder.Path) : null;
            double earlier = selection?.Seconds ?? 0;
            var splits = Learner.SplitFor(data, learner.Options);
            if (FineTuneRefit.Applies(options.Refit, learner, splits))
            {
                // The first run has chosen its epoch on validation; train afresh on everything but the test part.
                selection = FineTuneRefit.Record(learner, folder, learner.Plan![0].Epochs, trainClock.Elapsed.TotalSeconds);
                var (firstOptions, architecture) = (learner.Options, learner.Architecture);
                learner.Dispose(); // the finally disposes it again if the refit's learner cannot be made: Dispose is idempotent
                learner = FineTuneRefit.Create(data, architecture, firstOptions, pretrained);
                Attach(learner, folder, progress, batches);
                progress.Log?.Invoke($"refit: validation chose epoch {selection.BestEpoch} ({selection.ValAccuracy:P1} on {selection.ValidationItems} " +
                                     $"images); training afresh on {learner.Counts.Train} images for {selection.RefitHeadEpochs} head and " +
                                     $"{selection.RefitEpochs} epoch(s) of every layer (--no-refit keeps the first run)");
                learner.RunPlan(learner.FineTunePlan(selection.RefitEpochs, selection.RefitHeadEpochs, options.LearningRate), cancel);
            }
            if (learner.BestEpochNote is { } note) progress.Log?.Invoke($"warning: {note}");
            double trainSeconds = trainClock.Elapsed.TotalSeconds + earlier;
            return Finish(learner, data, folder, selection, pretrained, clock, trainSeconds, status.Threads, options.Tta);
        }
        catch (OperationCanceledException e) when (cancel.IsCancellationRequested)
        {
            throw new RunStoppedException(folder.Path, e);
        }
        finally { learner.Dispose(); }
    }

    static void Attach(Learner learner, RunFolder folder, RecipeProgress progress, IProgress<WorkProgress>? batches)
    {
        learner.Configure(o => o with { CheckpointPath = folder.Checkpoint });
        learner.EpochProgress = progress.Epochs;
        learner.BatchProgress = batches;
    }

    /// <summary>The first run (or a resumed one): the plan the options ask for, with early stopping in the one-call default.</summary>
    static void Train(Learner learner, TrainOptions options, RunFolder folder, string? checkpoint, bool runsRootExisted, RecipeProgress progress,
        CancellationToken cancel)
    {
        try
        {
            if (options.Resume != null) learner.Continue(cancel);
            else
            {
                var plan = learner.FineTunePlan(options.Epochs, baseLr: options.LearningRate);
                // The one-call default stops when validation stops improving, and keeps its best epoch.
                if (options.Epochs == null && learner.Options.EarlyStopping == null) learner.Configure(o => o with { EarlyStopping = new EarlyStopping() });
                progress.Log?.Invoke($"fine-tuning: {plan[0].Epochs} head epoch(s), then up to {plan[1].Epochs} epochs of every layer" +
                                     (learner.Options.EarlyStopping is { } es ? $" (stops after {es.Patience} without a better validation loss; the best epoch is kept)" : ""));
                learner.RunPlan(plan, cancel);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancel.IsCancellationRequested) && checkpoint == null && folder.RemoveIfEmpty())
        {
            // Failed before its first checkpoint: the empty folder (and a runs root made for it) would only mislead.
            if (!runsRootExisted && !Directory.EnumerateFileSystemEntries(options.RunsRoot).Any()) Directory.Delete(options.RunsRoot);
            throw;
        }
    }

    /// <summary>Reads the test part, once, and writes the run's metrics and report.</summary>
    static RunResult Finish(Learner learner, ImageDataset data, RunFolder folder, RefitSelection? selection, bool? pretrained, Stopwatch clock,
        double trainSeconds, int threads, TtaViews? tta)
    {
        // A refit has no validation left: what was chosen, and on what, is the first run's.
        var validation = selection == null ? learner.EvaluateValidation() : null;
        bool hasTest = learner.Counts.Test > 0;
        // The test split is read here, once, after every choice is made. With views, the first is the centre crop,
        // whose accuracy is reported too: flip TTA was made the default because, over the accuracy benchmark's
        // paired runs, it gained 1.0 point on ants/bees (4 seeds) and changed nothing on fashion_k100 (docs/cli.md).
        IReadOnlyList<ClassificationResult> singleView = [];
        ClassificationResult evaluation;
        if (hasTest && tta is { } views) (evaluation, singleView) = TtaEnsemble.Evaluate(learner, views);
        else evaluation = hasTest ? learner.Evaluate() : validation!;
        int epochs = learner.History.Epochs.Count;
        long images = (long)learner.Counts.Train * epochs + learner.Counts.Valid * (epochs + 1L) + (long)learner.Counts.Test * Math.Max(1, singleView.Count) +
                      (selection == null ? 0 : (long)selection.TrainItems * selection.EpochsRun + (long)selection.ValidationItems * (selection.EpochsRun + 1));
        var metrics = RunMetrics.For(RunMetrics.FineTuneRecipe, learner.Architecture, data, evaluation, learner.EvaluationSplit, learner.History,
                learner.Counts.Train, images, clock.Elapsed.TotalSeconds, trainSeconds, learner.Options.Seed, threads)
            .WithSplits(selection?.ValAccuracy ?? validation!.Accuracy, selection?.ValidationSplit ?? learner.ValidSplit,
                selection?.ValidationItems ?? validation!.Count, hasTest ? evaluation.Accuracy : null)
            with
            {
                Pretrained = pretrained, BestEpoch = selection?.BestEpoch ?? learner.BestEpoch,
                BestEpochNote = selection == null ? learner.BestEpochNote : null,
                RefitEpochs = selection == null ? null : epochs, SelectionSeconds = selection?.Seconds,
                Tta = singleView.Count > 0 ? tta!.Value.ToString().ToLowerInvariant() : null,
                SingleViewAccuracy = singleView.Count > 0 ? singleView[0].Accuracy : null,
            };
        return RunResult.Write(folder, metrics, evaluation, learner.History, data);
    }
}

/// <summary>A run stopped on request (Ctrl+C) after saving its checkpoint; <see cref="RunFolder"/> is what to resume.</summary>
public sealed class RunStoppedException(string runFolder, Exception inner)
    : OperationCanceledException($"Stopped. The checkpoint is saved in {runFolder}; continue with: tg train --resume {ResumeArgument(runFolder)}", inner)
{
    /// <summary>The run folder as a shell word (quoted when it holds spaces or shell characters).</summary>
    public static string ResumeArgument(string runFolder) =>
        runFolder.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '&' or ';' or '(' or ')') ? $"\"{runFolder}\"" : runFolder;

    /// <summary>The run folder holding the checkpoint.</summary>
    public string RunFolder { get; } = runFolder;
}
