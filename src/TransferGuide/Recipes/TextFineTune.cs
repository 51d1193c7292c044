using System.Diagnostics;
using TransferGuide.Data;
using TransferGuide.Data.Text;
using TransferGuide.Models.Text;
using TransferGuide.Training;
using TransferGuide.Training.Text;

namespace TransferGuide.Recipes;

/// <summary>
/// The text recipe's fine-tune: the top layers and the head with the same <see cref="Learner"/> as images, saving a
/// checkpoint in the run folder after every epoch (and on a stop), so a stopped run carries on with <c>--resume</c>.
/// </summary>
static class TextFineTune
{
    /// <summary>What training left: the learner owns the model and the sources.</summary>
    internal sealed record Result(Learner Learner, TextClassifier Model, int CachedLayers, long CacheBytes, double CacheSeconds, double TrainSeconds, int ItemsPerEpoch);

    /// <summary>A new run: the pretrained model with a new head, seeded by the caller.</summary>
    internal static Result Start(TextClassifier model, TextSplits splits, TextBatchSource train, TextBatchSource valid, TextTrainOptions options,
        RunFolder folder, RecipeProgress progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var sources = Sources(model, train, valid, options, progress, cancel);
        var learnerOptions = LearnerOptions.Default with
        {
            BatchSize = options.BatchSize, Seed = options.Seed, CheckpointPath = folder.Checkpoint,
            Performance = LearnerOptions.Default.Performance with { MaxTokensPerForward = options.MaxTokensPerForward },
        };
        int epochs = options.Epochs ?? TextTrainRecipe.EpochsFor(train.Count * sources.Times, options.BatchSize, TextTrainRecipe.DefaultFineTuneEpochs);
        if (sources.Times > 1) progress.Log?.Invoke($"{train.Count} training texts: each is seen {sources.Times} times an epoch, for {epochs} epochs");
        // The learner owns the sources and the model; the model is only disposed after the test predictions.
        var learner = new Learner(model, splits.Classes, sources.Train, sources.Valid, learnerOptions, MiniLm.Id, splits.Name)
        {
            EpochProgress = progress.Epochs, BatchProgress = progress.Work, Text = model.Settings,
        };
        double cacheSeconds = clock.Elapsed.TotalSeconds;
        int layers = model.Encoder.Config.Layers, top = options.TopLayers;
        int trainableFrom = top >= layers ? 0 : Learner.GroupCount - 1 - top;
        // LrSpread is the head-to-stem ratio over the five group steps: LayerDecay per step.
        double spread = Math.Pow(1 / options.LayerDecay, Learner.GroupCount - 1);
        var schedule = Training.Schedules.Schedules.OneCycle(Math.Max(1, epochs * learner.StepsPerEpoch), pctStart: 0.1);
        clock.Restart();
        Train(learner, () => learner.RunPlan([new TrainingPhase($"top {Math.Min(top, layers)} layers + head", epochs, trainableFrom, options.LearningRate, spread, schedule)], cancel));
        return Finish(learner, model, sources, train, valid, cacheSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Carries on a stopped run from its checkpoint: the same texts, caches rebuilt from the saved weights, the saved plan.</summary>
    internal static Result Resume(TextSplits splits, TextBatchSource train, TextBatchSource valid, TextTrainOptions options, RunFolder folder,
        RecipeProgress progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        Built? sources = null;
        var learner = Learner.Resume(folder.Checkpoint, splits.Classes, restored =>
        {
            var model = restored as TextClassifier ?? throw new CheckpointException($"{folder.Checkpoint} does not hold a text model. Resume it with tg train on its images or sounds.");
            sources = Sources(model, train, valid, options, progress, cancel);
            return (sources.Train, sources.Valid);
        });
        learner.Configure(o => o with { CheckpointPath = folder.Checkpoint });
        learner.EpochProgress = progress.Epochs;
        learner.BatchProgress = progress.Work;
        progress.Log?.Invoke($"resuming {folder.Checkpoint} at epoch {learner.Epoch}, step {learner.Step}");
        double cacheSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        Train(learner, () => learner.Continue(cancel));
        return Finish(learner, (TextClassifier)learner.Model, sources!, train, valid, cacheSeconds, clock.Elapsed.TotalSeconds);
    }

    sealed record Built(IBatchSource Train, IBatchSource Valid, int Cached, long Bytes, int Times);

    /// <summary>The training and validation batches: cached lower-layer outputs where the layers are frozen, repeated texts where they are few.</summary>
    static Built Sources(TextClassifier model, TextBatchSource train, TextBatchSource valid, TextTrainOptions options, RecipeProgress progress,
        CancellationToken cancel)
    {
        int layers = model.Encoder.Config.Layers, top = options.TopLayers;
        // Frozen lower layers give the same output every epoch, so they run once; augmented texts change every epoch, so they cannot be cached.
        int cached = top >= layers || options.Augment != null ? 0 : layers - top;
        var clock = Stopwatch.StartNew();
        IBatchSource trainSource = train, validSource = valid;
        long bytes = 0;
        if (cached > 0)
        {
            var trainCache = CachedLayerSource.Build(model, train, cached, progress: progress.Work, cancel: cancel);
            var validCache = CachedLayerSource.Build(model, valid, cached, progress: progress.Work, cancel: cancel);
            bytes = trainCache.Bytes + validCache.Bytes;
            trainSource = trainCache; validSource = validCache;
            model.CachedLayers = cached;
            progress.Log?.Invoke($"layers 0-{cached - 1} run once: cached {bytes / 1e6:F0} MB in {clock.Elapsed.TotalSeconds:F1} s");
        }
        int times = 1;
        if (options.Epochs == null && RepeatedSource.TimesFor(train.Count, options.BatchSize, TextTrainRecipe.MinimumStepsPerEpoch) is > 1 and var t)
        {
            // A few-label run would validate after every step or two; longer epochs take the same steps and validate less often.
            trainSource = new RepeatedSource(trainSource, t);
            times = t;
        }
        return new Built(trainSource, validSource, cached, bytes, times);
    }

    static void Train(Learner learner, Action run)
    {
        try { run(); }
        catch
        {
            learner.Dispose();
            throw;
        }
    }

    static Result Finish(Learner learner, TextClassifier model, Built sources, TextBatchSource train, TextBatchSource valid, double cacheSeconds, double trainSeconds)
    {
        model.CachedLayers = 0;
        train.Dispose(); valid.Dispose();
        return new Result(learner, model, sources.Cached, sources.Bytes, cacheSeconds, trainSeconds, sources.Train.Count);
    }
}
