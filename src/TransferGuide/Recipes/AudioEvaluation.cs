using System.Diagnostics;
using System.Text.Json;
using TransferGuide.Augment.Audio;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using TransferGuide.Evaluation;
using TransferGuide.Reports;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>What an audio evaluation produced.</summary>
/// <param name="Metrics">What went into metrics.json.</param>
/// <param name="Evaluation">The predictions (ids are the clips' paths).</param>
/// <param name="BySpeaker">Accuracy per speaker, when the file names say who speaks (fsdd's do); empty otherwise.</param>
/// <param name="Output">The folder holding report.html and metrics.json.</param>
public sealed record AudioEvaluationResult(AudioRunMetrics Metrics, ClassificationResult Evaluation, IReadOnlyList<SpeakerAccuracy> BySpeaker, string Output);

/// <summary>One speaker's clips in an evaluation.</summary>
/// <param name="Speaker">Who speaks.</param>
/// <param name="Clips">How many of the evaluated clips are theirs.</param>
/// <param name="Accuracy">Accuracy on them.</param>
public sealed record SpeakerAccuracy(string Speaker, int Clips, double Accuracy);

/// <summary>
/// <c>tg evaluate</c> on an audio checkpoint: the clips go through the spectrogram settings the checkpoint keeps (never
/// the kit's current defaults), the run's own splits are rebuilt from the options saved beside it, and the report gives
/// the confusion matrix, accuracy per speaker and the misclassified clips to hear.
/// </summary>
public static class AudioEvaluation
{
    /// <summary>Evaluates <paramref name="checkpoint"/> on <paramref name="split"/> (test, val, train or all) of its own data, or of the dataset or folder given.</summary>
    /// <exception cref="CheckpointException">The file is not an audio checkpoint, or its classes differ from the data's.</exception>
    public static AudioEvaluationResult Run(string checkpoint, string? dataset = null, string? folder = null, string split = "test", string? output = null,
        RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        var clock = Stopwatch.StartNew();
        var (model, header, _) = Checkpoint.Load(checkpoint);
        var settings = header.Audio ?? throw new CheckpointException($"{checkpoint} is not an audio checkpoint (it keeps no spectrogram settings). Use tg evaluate without audio options.");
        var runFolder = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        var saved = Path.Combine(runFolder, AudioTrainRecipe.OptionsFile) is var file && File.Exists(file)
            ? JsonSerializer.Deserialize<AudioTrainOptions>(File.ReadAllText(file), JsonDefaults.SnakeCase) : null;
        bool sameData = dataset == null && folder == null;
        var data = AudioData.Load(sameData ? saved?.DataDir == null ? saved?.Dataset ?? header.Dataset : null : dataset,
            sameData ? saved?.DataDir : folder, saved?.Seed ?? 42, sameData ? saved?.HoldoutSpeaker : null, progress.Log);
        if (!data.Classes.SequenceEqual(header.Classes))
        {
            model.Dispose();
            throw new CheckpointException($"{checkpoint} was trained on the classes {string.Join(", ", header.Classes)} but {data.Root} has {string.Join(", ", data.Classes)}. " +
                                          "Evaluate it on data with the same class folders.");
        }
        var s = data.Splits;
        var (items, name) = split.ToLowerInvariant() switch
        {
            "test" => (s.Test, s.TestName),
            "val" => (s.Valid, s.ValidName),
            "train" => (s.Train, "train"),
            "all" => (s.Train.Concat(s.Valid).Concat(s.Test).ToList(), "all"),
            var other => throw new ArgumentException($"Unknown split '{other}'. Use test, val, train or all."),
        };
        var source = new AudioBatchSource(items, settings, report: data.Report);
        using var learner = new Learner(model, header.Classes, new EmptyBatchSource(), new EmptyBatchSource(), LearnerOptions.Default, header.Architecture, data.Name, source)
        {
            BatchProgress = progress.Work,
        };
        cancel.ThrowIfCancellationRequested();
        var evaluation = learner.Evaluate();
        var bySpeaker = BySpeaker(evaluation);
        output ??= Path.Combine(runFolder, "evaluation");
        Directory.CreateDirectory(output);
        var report = ClassificationReport.From(evaluation);
        var metrics = new AudioRunMetrics
        {
            Dataset = data.Name, Model = header.Architecture, Recipe = header.Recipe, Accuracy = evaluation.Accuracy, EvaluationSplit = name,
            EvaluationItems = evaluation.Count, Classes = header.Classes, WallSeconds = clock.Elapsed.TotalSeconds, ImagesPerSecond = 0,
            SkippedFiles = data.Report.Skipped.Count, MacroF1 = report.MacroF1, SampleRate = settings.SampleRate, InputSize = settings.Mel.Height,
            MelBands = settings.Mel.MelBands, HeldOutSpeaker = sameData ? saved?.HoldoutSpeaker : null,
            SkippedClips = data.Report.Skipped.Select(x => $"{x.Path}: {x.Reason}").ToList(),
            PeakRssMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, Threads = TorchSharp.torch.get_num_threads(),
        };
        metrics.Save(Path.Combine(output, "metrics.json"));
        var html = AudioRunReport.Build(metrics, new MetricsHistory(), evaluation, data.Report, settings);
        if (bySpeaker.Count > 0)
            html.Heading("Accuracy by speaker")
                .Paragraph("Each speaker's clips scored apart: a voice the network handles badly hides inside the overall figure.")
                .Table(["speaker", "clips", "accuracy"], bySpeaker.Select(b => (IReadOnlyList<string>)[b.Speaker, b.Clips.ToString(), b.Accuracy.ToString("P1")]));
        html.Save(Path.Combine(output, "report.html"));
        return new AudioEvaluationResult(metrics, evaluation, bySpeaker, output);
    }

    /// <summary>Accuracy per speaker of <paramref name="evaluation"/>, from the clips' names; empty when a name does not say.</summary>
    public static IReadOnlyList<SpeakerAccuracy> BySpeaker(ClassificationResult evaluation)
    {
        var speakers = evaluation.Paths.Select(SpeakerGroups.SpeakerOf).ToArray();
        if (speakers.Length == 0 || speakers.Any(s => s == null)) return [];
        return Enumerable.Range(0, evaluation.Count).GroupBy(i => speakers[i]!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpeakerAccuracy(g.Key, g.Count(), g.Count(evaluation.IsCorrect) / (double)g.Count())).ToList();
    }
}
