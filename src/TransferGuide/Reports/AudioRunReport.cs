using TransferGuide.Augment.Audio;
using TransferGuide.Charts;
using TransferGuide.Data;
using TransferGuide.Data.Audio;
using TransferGuide.Evaluation;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>
/// report.html of an audio run or evaluation: results, curves, confusion matrix, per-class scores, the clips that
/// could not be used, and the misclassified clips, each as a spectrogram with a player, embedded so the page works
/// offline.
/// </summary>
public static class AudioRunReport
{
    /// <summary>Misclassified clips shown, the most confident mistakes first.</summary>
    public const int GalleryClips = 24;

    /// <summary>Builds the report; <paramref name="history"/> may be empty (an evaluation has no curves).</summary>
    public static HtmlReport Build(AudioRunMetrics m, MetricsHistory history, ClassificationResult evaluation, LoadReport skipped, AudioInputSettings input)
    {
        var classReport = ClassificationReport.From(evaluation);
        var report = new HtmlReport($"TransferGuide run: {m.Dataset}, {m.Model}")
            .KeyValues([
                ("dataset", m.Dataset), ("model", m.Model), ("recipe", m.Recipe),
                ($"accuracy ({m.EvaluationSplit})", $"{m.Accuracy:P1} ({evaluation.Labels.Where((l, i) => evaluation.Predicted[i] == l).Count()} of {evaluation.Count})"),
                ($"macro F1 ({m.EvaluationSplit})", m.MacroF1.ToString("F3")),
                ("validation accuracy", m.ValidationAccuracy is { } v ? $"{v:P1} ({m.ValidationSplit}, where every choice was made)" +
                    (m.BestEpoch is { } best ? $"; epoch {best} kept" : "") : "not measured"),
                ("held-out speaker", m.HeldOutSpeaker is { } s ? $"{s}: the network never heard this voice in training" : "none (the dataset's test split: same speakers, other recordings)"),
                ("training clips", m.TrainItems.ToString()),
                ("input", $"{m.SampleRate} Hz mono → log-mel spectrogram, {m.MelBands} bands → {m.InputSize}×{m.InputSize} picture in three channels"),
                ("augmentation", m.Augmentation),
                ("wall time", $"{m.WallSeconds:F1} s (training {m.TrainSeconds:F1} s, {m.TrainClipsPerSecond:F1} clips/s)"),
                ("peak memory (RSS)", $"{m.PeakRssMegabytes:F0} MB"),
                ("threads", m.Threads.ToString()),
            ]);
        if (history.Epochs.Count > 0)
            report.Heading("Training curves")
                .Paragraph("Held-out curves are validation: the best epoch is chosen there. The test split is read once, at the end.")
                .Chart(TrainingCurves.Create(history));
        report.Heading("Confusion matrix")
            .Chart(ConfusionMatrixChart.Create(evaluation.ConfusionMatrix(), evaluation.Classes, $"Confusion matrix ({m.EvaluationSplit})"))
            .Table(["class", "precision", "recall", "F1", "support"],
                classReport.PerClass.Select(c => (IReadOnlyList<string>)[c.Class, c.Precision.ToString("F3"), c.Recall.ToString("F3"), c.F1.ToString("F3"), c.Support.ToString()]));
        int wrong = evaluation.Count - evaluation.Labels.Where((l, i) => evaluation.Predicted[i] == l).Count();
        report.Heading($"Misclassified clips ({wrong})");
        if (wrong == 0) report.Paragraph("None: every clip was classified correctly.");
        else
        {
            report.Paragraph("The most confident mistakes first: listen to each, and look at its spectrogram as the network saw it (before normalisation)." +
                             (wrong > GalleryClips ? $" The first {GalleryClips} of {wrong} are shown." : ""));
            report.Clips(Mistakes(evaluation, input, GalleryClips));
        }
        report.Heading("Clips that could not be used");
        if (skipped.Skipped.Count == 0) report.Paragraph("None: every clip decoded and held sound.");
        else report.Table(["file", "reason"], skipped.Skipped.Select(s => (IReadOnlyList<string>)[s.Path, s.Reason]));
        return report;
    }

    /// <summary>The <paramref name="count"/> misclassified clips the model was surest of, to see and hear (paths are the evaluation's ids).</summary>
    public static IReadOnlyList<AudioClipView> Mistakes(ClassificationResult evaluation, AudioInputSettings input, int count = 8) =>
        Enumerable.Range(0, evaluation.Count).Where(i => !evaluation.IsCorrect(i))
            .OrderByDescending(i => evaluation.Probability(i, evaluation.Predicted[i])).Take(count)
            .Select(i => View(evaluation, i, input)).OfType<AudioClipView>().ToList();

    static AudioClipView? View(ClassificationResult evaluation, int i, AudioInputSettings input)
    {
        var path = evaluation.Paths[i];
        var caption = $"{Path.GetFileName(path)}: {evaluation.Classes[evaluation.Labels[i]]}, heard as {evaluation.Classes[evaluation.Predicted[i]]} " +
                      $"({evaluation.Probability(i, evaluation.Predicted[i]):P0})";
        try
        {
            return AudioClipView.Of(AudioResampling.To(WavFile.Read(path), input.SampleRate), caption, input.Mel);
        }
        catch (Exception e) when (e is AudioFormatException or IOException)
        {
            return null; // it was predicted, so it decoded; a file changed since is left out of the gallery rather than failing the report.
        }
    }
}
