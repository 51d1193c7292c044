using System.Text.Json;
using TransferGuide.Charts;
using TransferGuide.Core;
using TransferGuide.Data.Audio;
using TransferGuide.Reports;

namespace TransferGuide.Recipes;

/// <summary>One held-out speaker's run.</summary>
/// <param name="Speaker">The voice the network never heard in training.</param>
/// <param name="Accuracy">Accuracy on that speaker's clips.</param>
/// <param name="MacroF1">Macro F1 on them.</param>
/// <param name="Clips">How many clips the speaker has.</param>
/// <param name="RunFolder">The fold's own run folder.</param>
public sealed record SpeakerFoldResult(string Speaker, double Accuracy, double MacroF1, int Clips, string RunFolder);

/// <summary>A whole leave-one-speaker-out evaluation: every fold and the mean over speakers.</summary>
/// <param name="Folder">The folder holding the summary and each fold's run folder.</param>
/// <param name="Folds">One run per speaker, in speaker order.</param>
/// <param name="SameSpeakerAccuracy">The test accuracy with every speaker in training (the dataset's split), for comparison; null when not given.</param>
public sealed record SpeakerHoldOutResult(string Folder, IReadOnlyList<SpeakerFoldResult> Folds, double? SameSpeakerAccuracy)
{
    /// <summary>Mean accuracy over the speakers (each speaker counts once, whatever their number of clips).</summary>
    public double MeanAccuracy => Folds.Average(f => f.Accuracy);

    /// <summary>The lowest speaker's accuracy.</summary>
    public SpeakerFoldResult Worst => Folds.MinBy(f => f.Accuracy)!;
}

/// <summary>
/// <c>tg train --holdout-speaker all</c>: the recipe once per speaker, each time testing on a voice the network never
/// heard, the domain shift a deployed model meets (fsdd's own test split holds other recordings of the same six
/// speakers). Writes a summary folder with metrics.json (per speaker and the mean) and report.html; each fold keeps its
/// own run folder inside it.
/// </summary>
public static class SpeakerHoldOut
{
    /// <summary>Runs every fold of <paramref name="options"/>'s data.</summary>
    public static SpeakerHoldOutResult Run(AudioTrainOptions options, RecipeProgress? progress = null, CancellationToken cancel = default,
        double? sameSpeakerAccuracy = null)
    {
        progress ??= new RecipeProgress();
        var data = options.DataDir != null ? AudioFolder.Load(options.DataDir) : AudioFolder.FromCatalog(options.Dataset ?? "fsdd");
        var speakers = SpeakerGroups.Speakers(data.Items);
        var folder = RunFolder.Create(options.RunsRoot);
        var folds = new List<SpeakerFoldResult>();
        foreach (var speaker in speakers)
        {
            cancel.ThrowIfCancellationRequested();
            progress.Log?.Invoke($"fold {folds.Count + 1} of {speakers.Count}: testing on speaker {speaker}, training on the other {speakers.Count - 1}");
            var run = AudioTrainRecipe.Run(options with { HoldoutSpeaker = speaker, RunsRoot = folder.Path, Resume = null }, progress, cancel);
            folds.Add(new SpeakerFoldResult(speaker, run.Metrics.Accuracy, run.Metrics.MacroF1, run.Metrics.EvaluationItems, run.Folder.Path));
            progress.Log?.Invoke($"speaker {speaker}: {run.Metrics.Accuracy:P1} of {run.Metrics.EvaluationItems} clips");
        }
        var result = new SpeakerHoldOutResult(folder.Path, folds, sameSpeakerAccuracy);
        AtomicFile.WriteText(folder.Metrics, JsonSerializer.Serialize(new
        {
            dataset = data.Name, recipe = "audio-" + options.Recipe + "-leave-one-speaker-out", mean_accuracy = result.MeanAccuracy,
            worst_speaker = result.Worst.Speaker, worst_accuracy = result.Worst.Accuracy, same_speaker_accuracy = sameSpeakerAccuracy,
            folds = folds.Select(f => new { speaker = f.Speaker, accuracy = f.Accuracy, macro_f1 = f.MacroF1, clips = f.Clips, run_folder = f.RunFolder }),
        }, JsonDefaults.SnakeCase));
        Report(result, data.Name, options).Save(folder.Report);
        return result;
    }

    /// <summary>The summary page: per-speaker bars, the mean, and each fold's folder.</summary>
    public static HtmlReport Report(SpeakerHoldOutResult result, string dataset, AudioTrainOptions options)
    {
        var bars = result.Folds.Select(f => ($"speaker {f.Speaker}", f.Accuracy)).Append(("mean over speakers", result.MeanAccuracy)).ToList();
        if (result.SameSpeakerAccuracy is { } same) bars.Add(("same speakers (test split)", same));
        return new HtmlReport($"Leave one speaker out: {dataset}, {options.Recipe}")
            .Paragraph("Each bar is a network trained without that speaker and tested on all of their clips. The mean counts every speaker once. " +
                       "Against the dataset's own test split (other recordings of voices heard in training), the drop is what a new voice costs.")
            .Chart(ResultsChart.Bars(bars, "accuracy", "Accuracy on a speaker never heard in training"))
            .Table(["held-out speaker", "clips", "accuracy", "macro F1", "run folder"], result.Folds.Select(f => (IReadOnlyList<string>)
                [f.Speaker, f.Clips.ToString(), f.Accuracy.ToString("P1"), f.MacroF1.ToString("F3"), f.RunFolder]))
            .KeyValues([("mean over speakers", result.MeanAccuracy.ToString("P1")), ("worst speaker", $"{result.Worst.Speaker} ({result.Worst.Accuracy:P1})")]);
    }
}
