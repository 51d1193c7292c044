using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Data.Text;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Models.Text;
using TransferGuide.Reports;
using TransferGuide.Training;
using TransferGuide.Training.Text;
using static TorchSharp.torch;

namespace TransferGuide.Recipes;

/// <summary>What a text run produced.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Metrics">What went into metrics.json.</param>
/// <param name="Evaluation">Test-split predictions.</param>
/// <param name="History">Per-epoch metrics.</param>
/// <param name="TestTexts">The texts <paramref name="Evaluation"/> is about.</param>
public sealed record TextRunResult(RunFolder Folder, TextRunMetrics Metrics, ClassificationResult Evaluation, MetricsHistory History,
    IReadOnlyList<TextExample> TestTexts)
{
    /// <summary>The <paramref name="count"/> test texts the model got wrong most confidently.</summary>
    public IReadOnlyList<TextMistake> Mistakes(int count = 10) => TextMistakes.Top(Evaluation, TestTexts, count);
}

/// <summary>
/// <c>tg train</c> on text (the catalog says sst2 and sms_spam are text, or <c>--data FILE.tsv</c>): the pretrained
/// all-MiniLM-L6-v2 with a new linear head on its mean-pooled sentence vector. <c>finetune</c> trains the top layers
/// and the head with the same <see cref="Learner"/> as images (AdamW, discriminative rates, warm-up then cosine decay,
/// dropout); the frozen lower layers run once per text and are cached. <c>extract</c> freezes the whole encoder and
/// trains the head on cached sentence vectors. Both write the run folder images write.
/// </summary>
public static class TextTrainRecipe
{
    /// <summary>Default fine-tuning epochs.</summary>
    public const int DefaultFineTuneEpochs = 2;
    /// <summary>Default head epochs of feature extraction.</summary>
    public const int DefaultExtractEpochs = 15;
    /// <summary>Default layers that fine-tune.</summary>
    public const int DefaultTopLayers = 4;
    /// <summary>Default peak rate of the head.</summary>
    public const double DefaultLearningRate = 2e-4;
    /// <summary>Default rate factor from one layer group to the one below.</summary>
    public const double DefaultLayerDecay = 0.8;
    /// <summary>
    /// Positions per forward pass while training: 32 texts of 64 tokens. SST-2's batches fit (its longest texts
    /// are a few over 64 tokens), while 32 SMS messages of 128 tokens run as two halves; without the split the
    /// sms_spam fine-tune peaked at 1842 MB against SST-2's 1346 MB.
    /// </summary>
    public const int DefaultMaxTokensPerForward = 2048;

    /// <summary>The file in a run folder that keeps the run's options, so <c>--resume</c> rebuilds the same texts and splits.</summary>
    public const string OptionsFile = "text-options.json";

    /// <summary>Whether <paramref name="resume"/> (a run folder or its model.tgck) is a text fine-tune: its folder holds <see cref="OptionsFile"/>.</summary>
    public static bool IsRunFolder(string resume) => File.Exists(Path.Combine(RunFolder.OfResume(resume), OptionsFile));

    /// <summary>Runs the recipe, or carries on the run <see cref="TextTrainOptions.Resume"/> names.</summary>
    /// <exception cref="RunStoppedException">Stopped on request after a checkpoint was saved: resume its folder.</exception>
    public static TextRunResult Run(TextTrainOptions options, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        if (options.Resume != null) options = TextRunOptions.Resumed(options);
        var recipe = options.Recipe.ToLowerInvariant();
        if (recipe is not ("finetune" or "extract")) throw new ArgumentException($"Unknown recipe '{options.Recipe}'. Use extract or finetune.");
        var layers = BertConfig.MiniLmL6.Layers;
        if (options.TopLayers is < 1 or > ZooModel.GroupCount - 2 && options.TopLayers != layers)
            throw new ArgumentException($"--top-layers {options.TopLayers}: fine-tune 1 to {ZooModel.GroupCount - 2} of the top layers, or all {layers}.");
        var clock = Stopwatch.StartNew();
        if (options.Resume == null) RunFolder.CheckWritable(options.RunsRoot);
        var status = TorchRuntime.EnsureLoaded();
        var splits = TextData.Load(options.Dataset, options.DataFile, options.Seed, progress.Log);
        if (options.HeldOutPerClass is { } held)
        {
            // A smaller test split is a noisier figure; the weeks' quick mode trades that for minutes.
            IReadOnlyList<TextExample> Keep(IReadOnlyList<TextExample> texts)
            {
                var random = new Random(Reproducibility.Mix(options.Seed, 0x4e1d));
                var keys = texts.Select(_ => random.Next()).ToArray();
                return Enumerable.Range(0, texts.Count).GroupBy(i => texts[i].Label).SelectMany(g => g.OrderBy(i => keys[i]).Take(held))
                    .Order().Select(i => texts[i]).ToList();
            }
            splits = splits with { Valid = Keep(splits.Valid), Test = Keep(splits.Test) };
            progress.Log?.Invoke($"held-out texts: at most {held} per class ({splits.Valid.Count} {splits.ValidName}, {splits.Test.Count} {splits.TestName})");
        }
        var train = splits.Train;
        if (options.LabelsPerClass is { } k)
        {
            var pick = FewLabels.PerClass(train.Select(t => t.Label).ToList(), k, options.Seed, splits.Classes);
            train = pick.Labelled.Select(i => train[i]).ToList();
            progress.Log?.Invoke($"few labels: training on {k} texts per class ({train.Count} in all)");
        }

        var settings = TextModelSettings.MiniLmDefault with
        {
            Tokenizer = new TokenizerSettings(MiniLm.Id, MaxTokens: options.MaxTokens), Pooling = options.Pooling,
        };
        var tokenizer = new WordPieceTokenizer(MiniLmPackage.Vocabulary(), settings.Tokenizer);
        using var testTexts = new TextBatchSource(splits.Test, tokenizer);
        var trainTexts = new TextBatchSource(train, tokenizer, options.Augment?.Apply);
        var validTexts = new TextBatchSource(splits.Valid, tokenizer);
        int truncated = trainTexts.Truncated + validTexts.Truncated + testTexts.Truncated;
        if (truncated > 0) progress.Log?.Invoke($"{truncated} texts are longer than {options.MaxTokens} tokens and were cut");

        var folder = options.Resume != null ? RunFolder.Open(RunFolder.OfResume(options.Resume)) : RunFolder.Create(options.RunsRoot);
        Trained run;
        try
        {
            if (recipe == "extract") run = Extract(NewModel(settings, splits.Classes.Count, options.Seed), splits, trainTexts, validTexts, options, progress, cancel);
            else
            {
                TextRunOptions.Save(folder, options);
                var tuned = options.Resume != null
                    ? TextFineTune.Resume(splits, trainTexts, validTexts, options, folder, progress, cancel)
                    : TextFineTune.Start(NewModel(settings, splits.Classes.Count, options.Seed), splits, trainTexts, validTexts, options, folder, progress, cancel);
                run = new Trained(tuned.Model, tuned.Learner.History, Math.Min(options.TopLayers, BertConfig.MiniLmL6.Layers), tuned.CachedLayers, tuned.CacheBytes,
                    tuned.CacheSeconds, tuned.TrainSeconds, tuned.Learner, tuned.ItemsPerEpoch);
            }
        }
        catch (OperationCanceledException e) when (cancel.IsCancellationRequested && File.Exists(folder.Checkpoint))
        {
            throw new RunStoppedException(folder.Path, e);
        }
        catch (Exception) when (options.Resume == null && TextRunOptions.RemoveUnstarted(folder))
        {
            // Nothing was trained yet: an empty run folder would only mislead.
            throw;
        }
        var model = run.Model;
        using (run.Disposable)
        {
            var evaluation = TextPredictions.Predict(model, splits.Classes, testTexts, progress: progress.Work, cancel: cancel);
            var report = ClassificationReport.From(evaluation);
            Checkpoint.Save(folder.Checkpoint, model, new CheckpointHeader
            {
                Architecture = MiniLm.Id, Classes = splits.Classes, Preprocessing = Preprocessing.NotImages, Recipe = "text-" + recipe,
                Dataset = splits.Name, Epoch = run.History.Epochs.Count, History = run.History, Text = settings,
            });
            var metrics = new TextRunMetrics
            {
                Dataset = splits.Name, Model = MiniLm.Id, Recipe = "text-" + recipe, Accuracy = evaluation.Accuracy, EvaluationSplit = splits.TestName,
                EvaluationItems = evaluation.Count, Classes = splits.Classes, WallSeconds = clock.Elapsed.TotalSeconds,
                ImagesPerSecond = 0, MacroF1 = report.MacroF1, BalancedAccuracy = report.BalancedAccuracy,
                ValidationAccuracy = run.History.Epochs.LastOrDefault()?.ValidAccuracy, ValidationSplit = splits.ValidName,
                TrainItems = train.Count, TruncatedTexts = truncated, MaxTokens = options.MaxTokens, Pooling = options.Pooling.ToString(),
                TrainedLayers = run.TrainedLayers, CachedLayers = run.CachedLayers, CacheMegabytes = run.CacheBytes / 1e6, CacheSeconds = run.CacheSeconds,
                TrainSeconds = run.TrainSeconds, Epochs = run.History.Epochs.Count,
                TrainTextsPerSecond = run.TrainSeconds > 0 ? (double)run.ItemsPerEpoch * run.History.Epochs.Count / run.TrainSeconds : 0,
                PeakRssMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
                LabelsPerClass = options.LabelsPerClass, Augmentation = options.Augment?.Name ?? "none", Seed = options.Seed, Threads = status.Threads,
            };
            metrics.Save(folder.Metrics);
            TextRunReport.Build(metrics, run.History, evaluation, splits.Test).Save(folder.Report);
            return new TextRunResult(folder, metrics, evaluation, run.History, splits.Test);
        }
    }

    /// <summary>Steps a default run takes at least: few-label runs (a step or two per epoch) get more epochs, up to 100.</summary>
    public const int MinimumSteps = 150;

    /// <summary>Steps per epoch a default fine-tune has at least: smaller training sets are repeated within an epoch (<see cref="RepeatedSource"/>).</summary>
    public const int MinimumStepsPerEpoch = 10;

    /// <summary>The default epochs for <paramref name="items"/> training texts: <paramref name="standard"/>, or more when that would be under <see cref="MinimumSteps"/> steps.</summary>
    public static int EpochsFor(int items, int batchSize, int standard)
    {
        int stepsPerEpoch = Math.Max(1, (items + batchSize - 1) / batchSize);
        return Math.Clamp((MinimumSteps + stepsPerEpoch - 1) / stepsPerEpoch, standard, Math.Max(standard, 100));
    }

    /// <summary>The pretrained model with a new head, seeded so the head starts the same for the same seed.</summary>
    static TextClassifier NewModel(TextModelSettings settings, int classes, int seed)
    {
        manual_seed(seed);
        return TextClassifier.Create(settings, classes);
    }

    sealed record Trained(TextClassifier Model, MetricsHistory History, int TrainedLayers, int CachedLayers, long CacheBytes, double CacheSeconds, double TrainSeconds, IDisposable Disposable,
        int ItemsPerEpoch);

    static Trained Extract(TextClassifier model, TextSplits splits, TextBatchSource train, TextBatchSource valid, TextTrainOptions options,
        RecipeProgress progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var trainFeatures = TextPredictions.Pooled(model, train, progress: progress.Work, cancel: cancel);
        var validFeatures = TextPredictions.Pooled(model, valid, progress: progress.Work, cancel: cancel);
        double cacheSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var history = HeadTrainer.Train(model, trainFeatures, validFeatures,
            new HeadOptions(Epochs: options.Epochs ?? EpochsFor(train.Count, options.BatchSize, DefaultExtractEpochs), BatchSize: options.BatchSize, Seed: options.Seed), progress.Epochs, cancel);
        long bytes = (long)(trainFeatures.Features.Length + validFeatures.Features.Length) * sizeof(float);
        return new Trained(model, history, 0, BertConfig.MiniLmL6.Layers, bytes, cacheSeconds, clock.Elapsed.TotalSeconds, model, train.Count);
    }
}
