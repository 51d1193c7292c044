using System.Diagnostics;
using TransferGuide.Core.Native;
using TransferGuide.Data.Text;
using TransferGuide.Evaluation;
using TransferGuide.Models.Text;
using TransferGuide.Reports;
using TransferGuide.Training;
using TransferGuide.Training.Text;

namespace TransferGuide.Recipes;

/// <summary>
/// <c>tg evaluate</c> on a text checkpoint: the model and its tokenizer settings come from the checkpoint, the texts from
/// the dataset it names (or <c>--dataset</c>/<c>--data</c>), split as training split them; writes report.html and
/// metrics.json.
/// </summary>
public static class TextEvaluation
{
    /// <summary>Evaluates <paramref name="checkpoint"/> on <paramref name="split"/> (default test) and writes the report into <paramref name="output"/>.</summary>
    public static (TextRunMetrics Metrics, ClassificationResult Evaluation) Run(string checkpoint, string? dataset, string? file, string? split, string output,
        int seed = 42, Action<string>? log = null, IProgress<Core.WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var status = TorchRuntime.EnsureLoaded();
        var (zoo, header, _) = Checkpoint.Load(checkpoint);
        using var model = zoo as TextClassifier ?? throw new CheckpointException($"{checkpoint} holds an image model ({header.Architecture}); evaluate it with an image dataset.");
        var settings = header.Text!;
        var splits = TextData.Load(file == null ? dataset ?? header.Dataset : null, file, seed, log);
        if (splits.Classes.Count != header.Classes.Count)
            throw new CheckpointException($"{checkpoint} was trained on {header.Classes.Count} classes ({string.Join(", ", header.Classes)}); " +
                                          $"{splits.Name} has {splits.Classes.Count} ({string.Join(", ", splits.Classes)}). Evaluate it on data with the same classes.");
        var (texts, name) = (split ?? "test") switch
        {
            "test" => (splits.Test, splits.TestName),
            "train" => (splits.Train, "train"),
            var s when s == splits.ValidName || s is "val" or "dev" => (splits.Valid, splits.ValidName),
            var s => throw new ArgumentException($"Unknown split '{s}' for {splits.Name}: use train, {splits.ValidName} or test."),
        };
        var tokenizer = new WordPieceTokenizer(MiniLmPackage.Vocabulary(), settings.Tokenizer);
        using var source = new TextBatchSource(texts, tokenizer);
        var evaluation = TextPredictions.Predict(model, header.Classes, source, progress: progress, cancel: cancel);
        var report = ClassificationReport.From(evaluation);
        var metrics = new TextRunMetrics
        {
            Dataset = splits.Name, Model = header.Architecture, Recipe = header.Recipe, Accuracy = evaluation.Accuracy, EvaluationSplit = name,
            EvaluationItems = evaluation.Count, Classes = header.Classes, WallSeconds = clock.Elapsed.TotalSeconds, ImagesPerSecond = 0,
            MacroF1 = report.MacroF1, BalancedAccuracy = report.BalancedAccuracy, TruncatedTexts = source.Truncated, MaxTokens = settings.Tokenizer.MaxTokens,
            Pooling = settings.Pooling.ToString(), Epochs = header.Epoch, PeakRssMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
            Seed = seed, Threads = status.Threads,
        };
        Directory.CreateDirectory(output);
        metrics.Save(Path.Combine(output, "metrics.json"));
        TextRunReport.Build(metrics, header.History, evaluation, texts).Save(Path.Combine(output, "report.html"));
        return (metrics, evaluation);
    }
}
