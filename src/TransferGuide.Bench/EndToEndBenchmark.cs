using System.Diagnostics;
using TransferGuide.Core;
using TransferGuide.Models;
using TransferGuide.Recipes;
using TransferGuide.Training;

namespace TransferGuide.Bench;

/// <summary>What one end-to-end feature-extraction run measured.</summary>
/// <param name="Mode">cold (empty feature cache) or cached.</param>
/// <param name="SecondsToTarget">Seconds from process start to the first epoch at or above the target; null if never reached.</param>
/// <param name="EpochAtTarget">That epoch; null if never reached.</param>
/// <param name="WallSeconds">Seconds from process start to the end of the recipe (report and checkpoint written).</param>
/// <param name="FeatureSeconds">Feature extraction (or cache read).</param>
/// <param name="Accuracy">Final held-out accuracy.</param>
/// <param name="PeakRssMb">Peak resident memory, MB.</param>
public sealed record EndToEndResult(string Mode, double? SecondsToTarget, int? EpochAtTarget, double WallSeconds, double FeatureSeconds,
    double Accuracy, double PeakRssMb);

/// <summary>What the fine-tune run measured.</summary>
/// <param name="Epochs">Epochs run (one head epoch plus the unfrozen ones).</param>
/// <param name="ImageSize">Input side.</param>
/// <param name="Precision">fp32 (the recipe's default) or bf16.</param>
/// <param name="WallSeconds">Seconds from process start to the end of the recipe.</param>
/// <param name="Accuracy">Final held-out accuracy.</param>
/// <param name="PeakRssMb">Peak resident memory, MB.</param>
public sealed record FineTuneResult(int Epochs, int ImageSize, string Precision, double WallSeconds, double Accuracy, double PeakRssMb);

/// <summary>
/// The user's view on ants/bees: the quickstart recipe (frozen features + linear head) raced to a validation
/// accuracy, cold and with cached features, and the default fine-tune recipe. Times count from the start of
/// the process, so loading the runtime and the weights is included, as a user would feel it.
/// </summary>
public static class EndToEndBenchmark
{
    static double SinceProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).TotalSeconds;
    }

    /// <summary>Runs the quickstart recipe with <paramref name="cacheFolder"/> as feature cache, run folders under <paramref name="scratch"/>.</summary>
    /// <param name="mode">cold or cached, for the record (the cache folder decides what really happens).</param>
    /// <param name="dataset">Catalog dataset.</param>
    /// <param name="cacheFolder">Feature cache: empty for a cold run, filled by a cold run for a cached one.</param>
    /// <param name="scratch">Where run folders go.</param>
    /// <param name="target">Validation accuracy to reach.</param>
    /// <param name="dataDir">A class-folder tree to use instead of the catalog dataset.</param>
    public static EndToEndResult ExtractToTarget(string mode, string dataset, string cacheFolder, string scratch, double target, string? dataDir = null)
    {
        double? reached = null;
        int? epochAt = null;
        var epochs = new ActionProgress<EpochMetrics>(e =>
        {
            if (reached == null && e.ValidAccuracy >= target) { reached = SinceProcessStart(); epochAt = e.Epoch; }
        });
        var result = Quickstart.Run(new QuickstartOptions(Dataset: dataset, DataDir: dataDir, RunsRoot: scratch, FeatureCacheFolder: cacheFolder),
            new RecipeProgress(Epochs: epochs));
        return new EndToEndResult(mode, reached, epochAt, SinceProcessStart(), result.Metrics.FeatureSeconds,
            result.Metrics.Accuracy, ProcessMemory.PeakRssMb());
    }

    /// <summary>Runs the default fine-tune recipe (optionally shorter or smaller), run folders under <paramref name="scratch"/>.</summary>
    public static FineTuneResult FineTune(string dataset, string scratch, int? epochs, int? imageSize, string precision = "fp32")
    {
        var options = new TrainOptions(Dataset: dataset, Recipe: "finetune", Epochs: epochs, RunsRoot: scratch,
            Learner: new LearnerOptions { ImageSize = imageSize, Performance = new() { Precision = TrainStepBenchmark.Parse(precision) } });
        var result = TrainRecipe.Run(options);
        return new FineTuneResult(result.Metrics.Epochs, imageSize ?? 224, precision, SinceProcessStart(), result.Metrics.Accuracy, ProcessMemory.PeakRssMb());
    }
}
