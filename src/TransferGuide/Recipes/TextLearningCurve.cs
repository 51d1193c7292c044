using TransferGuide.Charts;
using TransferGuide.Core;
using TransferGuide.Reports;

namespace TransferGuide.Recipes;

/// <summary>One point of a learning curve: k texts per class (null: all) and its run.</summary>
public sealed record LearningCurvePoint(int? PerClass, TextRunResult Result)
{
    /// <summary>"8", "16", …, or "all".</summary>
    public string Label => PerClass?.ToString() ?? "all";
}

/// <summary>A learning curve's runs, and the page that draws them.</summary>
/// <param name="Points">One run per k.</param>
/// <param name="Report">learning-curve.html, beside the runs.</param>
public sealed record LearningCurve(IReadOnlyList<LearningCurvePoint> Points, string Report);

/// <summary>
/// <c>tg train --labels-per-class 8,16,32,all</c>: the same text recipe on nested subsets of k labelled texts per class
/// (<see cref="Data.FewLabels"/>), each in its own run folder under one curve folder, with learning-curve.html and
/// learning-curve.json comparing their test accuracy.
/// </summary>
public static class TextLearningCurve
{
    /// <summary>Runs the recipe once per k.</summary>
    public static LearningCurve Run(TextTrainOptions options, IReadOnlyList<int?> perClass, RecipeProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RecipeProgress();
        RunFolder.CheckWritable(options.RunsRoot);
        var folder = RunFolder.Create(options.RunsRoot);
        var points = new List<LearningCurvePoint>();
        foreach (var k in perClass)
        {
            cancel.ThrowIfCancellationRequested();
            progress.Log?.Invoke($"learning curve: {k?.ToString() ?? "all"} texts per class");
            points.Add(new LearningCurvePoint(k, TextTrainRecipe.Run(options with { LabelsPerClass = k, RunsRoot = folder.Path }, progress, cancel)));
        }
        var rows = points.Select(p => (p.Label, p.Result.Metrics.Accuracy)).ToList();
        var first = points[0].Result.Metrics;
        var report = new HtmlReport($"Learning curve: {first.Dataset}, {first.Model}, {first.Recipe}")
            .Paragraph("Each run trains on k labelled texts per class (nested: each larger set holds the smaller ones) and is scored on the same test split.")
            .Chart(ResultsChart.Bars(rows, $"{first.EvaluationSplit} accuracy", "Accuracy by labelled texts per class"))
            .Table(["texts per class", "training texts", "test accuracy", "macro F1", "epochs", "run folder"], points.Select(p => (IReadOnlyList<string>)[
                p.Label, p.Result.Metrics.TrainItems.ToString(), p.Result.Metrics.Accuracy.ToString("P1"), p.Result.Metrics.MacroF1.ToString("F3"),
                p.Result.Metrics.Epochs.ToString(), Path.GetFileName(p.Result.Folder.Path)]));
        var path = Path.Combine(folder.Path, "learning-curve.html");
        report.Save(path);
        AtomicFile.WriteText(Path.Combine(folder.Path, "learning-curve.json"), System.Text.Json.JsonSerializer.Serialize(
            points.Select(p => new { per_class = p.PerClass, accuracy = p.Result.Metrics.Accuracy, macro_f1 = p.Result.Metrics.MacroF1, train_items = p.Result.Metrics.TrainItems }),
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return new LearningCurve(points, path);
    }
}
