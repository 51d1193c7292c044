using System.Diagnostics;
using System.Text.Json;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Core.Native;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Reports;
using TransferGuide.Training;
using static TorchSharp.torch;

namespace TransferGuide.Recipes;

/// <summary>What an audio run produced.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Metrics">What went into metrics.json.</param>
/// <param name="Evaluation">Test-split predictions (ids are the clips' paths).</param>
/// <param name="History">Per-epoch metrics.</param>
/// <param name="Input">How clips became inputs (what the checkpoint keeps).</param>
public sealed record AudioRunResult(RunFolder Folder, AudioRunMetrics Metrics, ClassificationResult Evaluation, MetricsHistory History, AudioInputSettings Input)
{
    /// <summary>The <paramref name="count"/> test clips the model got wrong most confidently, to see and hear.</summary>
    public IReadOnlyList<Charts.AudioClipView> Mistakes(int count = 8) => AudioRunReport.Mistakes(Evaluation, Input, count);

    /// <summary>Test accuracy per speaker, when the clips' names say who speaks (fsdd's do).</summary>
    public IReadOnlyList<SpeakerAccuracy> BySpeaker() => AudioEvaluation.BySpeaker(Evaluation);
}

/// <summary>
/// <c>tg train</c> on sound (the catalog says fsdd is audio, or <c>--data</c> names a folder of WAV class folders): the
/// ImageNet ResNet18 on log-mel spectrogram pictures, made per batch by <see cref="AudioBatchSource"/>, so every epoch
/// hears new shifted, noisy and pitch-shifted variants. <c>finetune</c> trains the head, then every layer, with the same
/// <see cref="Learner"/> as images (checkpoint every epoch, resumable, early stopping on validation); <c>extract</c>
/// trains a linear head on the frozen network's features of the plain spectrograms. Both write the run folder images
/// write, and the checkpoint keeps the spectrogram settings, so <c>tg evaluate</c> rebuilds the same input.
/// </summary>
public static class AudioTrainRecipe
{
    /// <summary>Default epochs of every layer, after one head epoch.</summary>
    public const int DefaultFineTuneEpochs = 12;
    /// <summary>Default head epochs of feature extraction.</summary>
    public const int DefaultExtractEpochs = 40;
    /// <summary>Default base learning rate of fine-tuning.</summary>
    public const double DefaultLearningRate = 1e-3;
    /// <summary>
    /// Default side of the spectrogram picture. A 0.5 s fsdd clip is 64 mel bands by about 60 frames, so 224 pixels
    /// only interpolate: 128 keeps the detail at a third of 224's cost per step (docs/audio.md has the comparison).
    /// </summary>
    public const int DefaultInputSize = 128;
    /// <summary>
    /// The default log-mel picture: 128 bands every 4 ms, so that a 0.5 s clip is about 128 × 125 cells and the
    /// 128-pixel picture holds real detail rather than an interpolation of 64 bands every 8 ms.
    /// </summary>
    public static Data.Audio.LogMelSpectrogram DefaultSpectrogram { get; } = Data.Audio.LogMelSpectrogram.For(8000) with { MelBands = 128, HopSize = 32 };

    /// <summary>The file in a run folder that keeps the run's options, so <c>--resume</c> rebuilds the same splits.</summary>
    public const string OptionsFile = "audio-options.json";

    /// <summary>The recipe ids.</summary>
    public static IReadOnlyList<string> Recipes { get; } = ["finetune", "extract"];

    /// <summary>Runs the recipe.</summary>
    /// <exception cref="ArgumentException">Unknown recipe, or a held-out speaker that does not occur.</exception>
    /// <exception cref="DataLayoutException">A missing folder, or a class without a readable WAV.</exception>
    public static AudioRunResult Run(AudioTrainOptions options, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        if (options.Resume != null) options = ResumedOptions(options);
        var recipe = options.Recipe.ToLowerInvariant();
        if (!Recipes.Contains(recipe)) throw new ArgumentException($"Unknown recipe '{options.Recipe}'. Use finetune or extract.");
        if (options.InputSize is < 32 or > 512) throw new ArgumentException($"Input size {options.InputSize}: use 32 to 512 pixels.");
        var clock = Stopwatch.StartNew();
        if (options.Resume == null) RunFolder.CheckWritable(options.RunsRoot);
        var status = TorchRuntime.EnsureLoaded();
        var data = Trimmed(AudioData.Load(options.Dataset, options.DataDir, options.Seed, options.HoldoutSpeaker, progress.Log), options, progress.Log);
        var split = data.Splits;
        var settings = new AudioInputSettings(Spectrogram: options.Spectrogram ?? DefaultSpectrogram).WithSize(options.InputSize).Resolved();
        // Frozen features are computed once from the plain clips, so only fine-tuning augments.
        var augment = recipe == "finetune" ? AudioAugmentation.Parse(options.Augment) : AudioAugmentation.None;
        var train = new AudioBatchSource(split.Train, settings, augment.Transforms, augment.Probability, augment.Masks, data.Report);
        var valid = new AudioBatchSource(split.Valid, settings, report: data.Report);
        var test = new AudioBatchSource(split.Test, settings, report: data.Report);

        var folder = options.Resume != null ? RunFolder.Open(RunFolder.OfResume(options.Resume)) : RunFolder.Create(options.RunsRoot);
        AtomicFile.WriteText(Path.Combine(folder.Path, OptionsFile), JsonSerializer.Serialize(options with { Resume = null }, JsonDefaults.SnakeCase));
        Trained run;
        try
        {
            run = recipe == "extract" ? Extract(data, settings, train, valid, test, options, folder, progress, cancel)
                : FineTune(data, settings, train, valid, test, options, folder, progress, cancel);
        }
        catch (OperationCanceledException e) when (cancel.IsCancellationRequested)
        {
            throw new RunStoppedException(folder.Path, e);
        }
        using (run.Disposable)
        {
            var report = ClassificationReport.From(run.Evaluation);
            var metrics = new AudioRunMetrics
            {
                Dataset = data.Name, Model = ModelZoo.ResNet18ImageNet, Recipe = "audio-" + recipe, Accuracy = run.Evaluation.Accuracy,
                EvaluationSplit = split.TestName, EvaluationItems = run.Evaluation.Count, Classes = data.Classes, WallSeconds = clock.Elapsed.TotalSeconds,
                ImagesPerSecond = 0, SkippedFiles = data.Report.Skipped.Count, MacroF1 = report.MacroF1,
                ValidationAccuracy = run.ValidAccuracy, ValidationSplit = split.ValidName, BestEpoch = run.BestEpoch, TrainItems = split.Train.Count,
                SampleRate = settings.SampleRate, InputSize = options.InputSize, MelBands = settings.Mel.MelBands,
                Augmentation = augment.Describe(), HeldOutSpeaker = options.HoldoutSpeaker,
                SkippedClips = data.Report.Skipped.Select(s => $"{s.Path}: {s.Reason}").ToList(), TrainSeconds = run.TrainSeconds,
                Epochs = run.History.Epochs.Count,
                TrainClipsPerSecond = run.TrainSeconds > 0 ? (double)split.Train.Count * (recipe == "extract" ? 1 : run.History.Epochs.Count) / run.TrainSeconds : 0,
                PeakRssMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, Seed = options.Seed, Threads = status.Threads,
            };
            metrics.Save(folder.Metrics);
            AudioRunReport.Build(metrics, run.History, run.Evaluation, data.Report, settings).Save(folder.Report);
            return new AudioRunResult(folder, metrics, run.Evaluation, run.History, settings);
        }
    }

    sealed record Trained(ClassificationResult Evaluation, MetricsHistory History, double? ValidAccuracy, int? BestEpoch, double TrainSeconds, IDisposable Disposable);

    static Trained FineTune(AudioSplits data, AudioInputSettings settings, AudioBatchSource train, AudioBatchSource valid, AudioBatchSource test,
        AudioTrainOptions options, RunFolder folder, RecipeProgress progress, CancellationToken cancel)
    {
        Learner learner;
        if (options.Resume != null)
        {
            learner = Learner.Resume(folder.Checkpoint, data.Classes, train, valid, test);
            progress.Log?.Invoke($"resuming {folder.Checkpoint} at epoch {learner.Epoch}, step {learner.Step}");
        }
        else
        {
            Reproducibility.Seed(options.Seed);
            var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, data.Classes.Count, pretrained: true);
            var baseOptions = options.Learner ?? LearnerOptions.Default;
            // 128-pixel spectrograms peak near 1.1 GB with the stem's activations kept, well under the 1.5 GB goal that
            // makes a CPU recompute the stem for 224-pixel photos; keeping them is 7-10% faster, and the fsdd results
            // in docs/audio.md were measured that way.
            var performance = baseOptions.Performance with { RecomputeStem = baseOptions.Performance.RecomputeStem ?? false };
            var learnerOptions = baseOptions with { BatchSize = options.BatchSize, Seed = options.Seed, EarlyStopping = new EarlyStopping(), Performance = performance };
            learner = new Learner(model, data.Classes, train, valid, learnerOptions, ModelZoo.ResNet18ImageNet, data.Name, test)
            {
                Audio = settings, DataSource = options.DataDir != null ? new DataSource { Folder = Path.GetFullPath(options.DataDir) } : new DataSource { Catalog = data.Name },
            };
        }
        learner.Configure(o => o with { CheckpointPath = folder.Checkpoint });
        learner.EpochProgress = progress.Epochs;
        learner.BatchProgress = progress.Work;
        var clock = Stopwatch.StartNew();
        try
        {
            if (options.Resume != null) learner.Continue(cancel);
            else
            {
                var plan = learner.FineTunePlan(options.Epochs ?? DefaultFineTuneEpochs, baseLr: options.LearningRate);
                progress.Log?.Invoke($"fine-tuning on {settings.Mel.Height}x{settings.Mel.Width} spectrograms: {plan[0].Epochs} head epoch, then up to {plan[1].Epochs} epochs " +
                                     "of every layer (the best validation epoch is kept)");
                learner.RunPlan(plan, cancel);
            }
        }
        catch
        {
            learner.Dispose();
            throw;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (learner.BestEpochNote is { } note) progress.Log?.Invoke($"warning: {note}");
        var validation = learner.EvaluateValidation();
        // The test split is read here, once, after every choice is made.
        return new Trained(learner.Evaluate(), learner.History, validation.Accuracy, learner.BestEpoch, seconds, learner);
    }

    static Trained Extract(AudioSplits data, AudioInputSettings settings, AudioBatchSource train, AudioBatchSource valid, AudioBatchSource test,
        AudioTrainOptions options, RunFolder folder, RecipeProgress progress, CancellationToken cancel)
    {
        Reproducibility.Seed(options.Seed);
        var model = ModelZoo.Create(ModelZoo.ResNet18ImageNet, data.Classes.Count, pretrained: true);
        try
        {
            var clock = Stopwatch.StartNew();
            var trainFeatures = SourceFeatures.Extract(model, train, ModelZoo.ResNet18ImageNet, options.BatchSize, "features train", progress.Work, cancel);
            var validFeatures = SourceFeatures.Extract(model, valid, ModelZoo.ResNet18ImageNet, options.BatchSize, "features val", progress.Work, cancel);
            progress.Log?.Invoke($"frozen features of {trainFeatures.Count + validFeatures.Count} clips in {clock.Elapsed.TotalSeconds:F1} s");
            var history = HeadTrainer.Train(model, trainFeatures, validFeatures,
                new HeadOptions(Epochs: options.Epochs ?? DefaultExtractEpochs, BatchSize: options.BatchSize, Seed: options.Seed), progress.Epochs, cancel);
            double seconds = clock.Elapsed.TotalSeconds;
            Checkpoint.Save(folder.Checkpoint, model, new CheckpointHeader
            {
                Architecture = ModelZoo.ResNet18ImageNet, Classes = data.Classes, Preprocessing = settings.Normalisation, Recipe = "audio-extract",
                Dataset = data.Name, Epoch = history.Epochs.Count, History = history, Audio = settings,
            });
            var testFeatures = SourceFeatures.Extract(model, test, ModelZoo.ResNet18ImageNet, options.BatchSize, "features test", progress.Work, cancel);
            var evaluation = new ClassificationResult(data.Classes, testFeatures.Labels, HeadTrainer.PredictProbabilities(model, testFeatures), testFeatures.Paths);
            return new Trained(evaluation, history, history.Epochs.LastOrDefault()?.ValidAccuracy, null, seconds, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The quick-mode trims: at most so many clips per class in training and in the held-out splits, seeded.</summary>
    static AudioSplits Trimmed(AudioSplits data, AudioTrainOptions options, Action<string>? log)
    {
        if (options.TrainPerClass == null && options.HeldOutPerClass == null) return data;
        IReadOnlyList<DataItem> Take(IReadOnlyList<DataItem> items, int? k) => k is { } n ? FewLabels.PerClass(items, n, options.Seed, data.Classes) : items;
        var s = data.Splits;
        var trimmed = s with { Train = Take(s.Train, options.TrainPerClass), Valid = Take(s.Valid, options.HeldOutPerClass), Test = Take(s.Test, options.HeldOutPerClass) };
        log?.Invoke($"trimmed: {trimmed.Train.Count} training, {trimmed.Valid.Count} validation and {trimmed.Test.Count} test clips");
        return data with { Splits = trimmed };
    }

    /// <summary>Whether <paramref name="resume"/> (a run folder or its model.tgck) is an audio run: its folder holds <see cref="OptionsFile"/>.</summary>
    public static bool IsRunFolder(string resume) => File.Exists(Path.Combine(RunFolder.OfResume(resume), OptionsFile));

    /// <summary>The saved options of the run being resumed: the same data, splits, input and plan.</summary>
    static AudioTrainOptions ResumedOptions(AudioTrainOptions options)
    {
        var folder = RunFolder.OfResume(options.Resume!);
        var file = Path.Combine(folder, OptionsFile);
        if (!File.Exists(file))
            throw new CheckpointException($"{folder} has no {OptionsFile}, so it is not an audio run this kit can resume. Start a new run.");
        var saved = JsonSerializer.Deserialize<AudioTrainOptions>(File.ReadAllText(file), JsonDefaults.SnakeCase)
                    ?? throw new CheckpointException($"{file} is empty. Start a new run.");
        if (saved.Recipe != "finetune") throw new ArgumentException("--resume applies to fine-tuning; an extract run is short: start it again.");
        return saved with { Resume = options.Resume, RunsRoot = options.RunsRoot };
    }
}
