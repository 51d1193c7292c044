using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Reports;

namespace TransferGuide.Recipes;

/// <summary>
/// <c>tg train --recipe auto</c>: runs feature extraction and fine-tuning on the same split, keeps the one with the
/// better validation accuracy (extraction on a tie: it is cheaper and steadier), and reports both. Each candidate's
/// own run folder stays under <c>candidates/</c>; the run folder holds the kept model, its metrics with every
/// candidate, and a report. The test split only reports: a choice never reads it.
/// </summary>
public static class AutoRecipe
{
    /// <summary>Runs both recipes and keeps the better on validation.</summary>
    public static RunResult Run(TrainOptions options, RecipeProgress progress, CancellationToken cancel, IProgress<WorkProgress>? batches = null)
    {
        if (options.Resume != null)
            throw new ArgumentException("--resume continues one recipe: resume the fine-tuning candidate of an auto run with tg train --resume RUN/candidates/finetune.");
        var clock = Stopwatch.StartNew();
        RunFolder.CheckWritable(options.RunsRoot);
        bool rootExisted = Directory.Exists(options.RunsRoot);
        var folder = RunFolder.Create(options.RunsRoot);
        var candidates = Path.Combine(folder.Path, "candidates");
        RunResult extract, finetune;
        try
        {
            progress.Log?.Invoke("auto: 1 of 2, feature extraction (frozen backbone, linear head)");
            extract = Candidate(candidates, "extract", root => TrainRecipe.Extract(options with { RunsRoot = root, Epochs = null }, progress, cancel));
            progress.Log?.Invoke($"auto: extraction reached {extract.Metrics.ValAccuracy:P1} on validation; 2 of 2, fine-tuning");
            finetune = Candidate(candidates, "finetune", root => TrainRecipe.FineTune(options with { RunsRoot = root }, progress, cancel, batches));
        }
        catch (Exception) when (!Directory.EnumerateFiles(folder.Path, "model.tgck", SearchOption.AllDirectories).Any())
        {
            // Nothing worth keeping (bad data, say): a run folder without a model would only mislead. A stopped
            // fine-tune keeps its checkpoint under candidates/ and its message says how to resume it.
            Directory.Delete(folder.Path, recursive: true);
            if (!rootExisted && !Directory.EnumerateFileSystemEntries(options.RunsRoot).Any()) Directory.Delete(options.RunsRoot);
            throw;
        }

        var kept = Choose(extract.Metrics, finetune.Metrics) == extract.Metrics ? extract : finetune;
        progress.Log?.Invoke($"auto: kept {kept.Metrics.Recipe} ({kept.Metrics.ValAccuracy:P1} on validation against " +
                             $"{(kept == extract ? finetune : extract).Metrics.ValAccuracy:P1})");
        File.Copy(kept.Folder.Checkpoint, folder.Checkpoint, overwrite: true);
        var metrics = kept.Metrics with
        {
            WallSeconds = clock.Elapsed.TotalSeconds,
            Candidates = [Describe(extract, kept), Describe(finetune, kept)],
        };
        return RunResult.Write(folder, metrics, kept.Evaluation, kept.History, kept.Data);
    }

    /// <summary>The candidate to keep: the higher validation accuracy, the first (cheaper) one on a tie. Test accuracy plays no part.</summary>
    public static RunMetrics Choose(RunMetrics cheaper, RunMetrics other) =>
        (other.ValAccuracy ?? 0) > (cheaper.ValAccuracy ?? 0) ? other : cheaper;

    static RunResult Candidate(string root, string name, Func<string, RunResult> run)
    {
        var result = run(root);
        var target = Path.Combine(root, name);
        Directory.Move(result.Folder.Path, target);
        return result with { Folder = RunFolder.Open(target) };
    }

    static RecipeCandidate Describe(RunResult candidate, RunResult kept) => new(candidate.Metrics.Recipe, candidate.Metrics.ValAccuracy ?? 0,
        candidate.Metrics.TestAccuracy, candidate.Metrics.WallSeconds, ReferenceEquals(candidate, kept));
}
