using System.Text.Json;
using System.Text.Json.Serialization;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>
/// <c>metrics.json</c>: the machine-readable result of any run. Every recipe writes at least these fields;
/// benchmarks and graders read them.
/// </summary>
public sealed record RunMetrics : MetricsFile
{
    /// <summary>Backbone throughput while extracting, when features were not cached.</summary>
    public double? ExtractionImagesPerSecond { get; init; }
    /// <summary>Seconds spent extracting (or reading cached) features.</summary>
    public double FeatureSeconds { get; init; }
    /// <summary>Seconds spent training the head.</summary>
    public double TrainSeconds { get; init; }
    /// <summary>Whether features came from the cache.</summary>
    public bool FeaturesCached { get; init; }
    /// <summary>Training items used.</summary>
    public int TrainItems { get; init; }
    /// <summary>Held-out accuracy per class.</summary>
    public IReadOnlyDictionary<string, double?> PerClassAccuracy { get; init; } = new Dictionary<string, double?>();
    /// <summary>Epochs the head trained.</summary>
    public int Epochs { get; init; }
    /// <summary>Seed of the run.</summary>
    public int Seed { get; init; }
    /// <summary>torch threads.</summary>
    public int Threads { get; init; }
    /// <summary>Device, e.g. cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Whether the network started from ImageNet weights (null when the run does not say, e.g. a resumed run).</summary>
    public bool? Pretrained { get; init; }
    /// <summary>Peak resident memory of the process when the run finished, in MB.</summary>
    public double PeakRssMb { get; init; } = ProcessMemory.PeakRssMb();
    /// <summary>Accuracy on the validation split, where every choice was made (best epoch, early stopping, recipe).</summary>
    public double? ValAccuracy { get; init; }
    /// <summary>Accuracy on the test split, read once at the end (null when the data left no test split; then <see cref="MetricsFile.Accuracy"/> is validation's).</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Name of the validation split ("holdout" when carved from train).</summary>
    public string? ValidationSplit { get; init; }
    /// <summary>Validation items.</summary>
    public int ValidationItems { get; init; }
    /// <summary>The epoch validation chose, whose weights the run kept (unless <see cref="BestEpochNote"/> says otherwise), when the recipe chose one.</summary>
    public int? BestEpoch { get; init; }
    /// <summary>Why the kept weights are not <see cref="BestEpoch"/>'s, when they are not (<see cref="Learner.BestEpochNote"/>).</summary>
    public string? BestEpochNote { get; init; }
    /// <summary>
    /// Epochs of the refit, when the run trained afresh on training and validation together after validation chose
    /// <see cref="BestEpoch"/> (<c>FineTuneRefit</c>); <see cref="ValAccuracy"/> is then the first run's.
    /// </summary>
    public int? RefitEpochs { get; init; }
    /// <summary>Training seconds of a refitted run's first run (included in <see cref="TrainSeconds"/>).</summary>
    public double? SelectionSeconds { get; init; }
    /// <summary>
    /// The test-time-augmentation views the test accuracy averages (e.g. "flip": the centre crop and its mirror
    /// image), or null when it is the centre crop's alone.
    /// </summary>
    public string? Tta { get; init; }
    /// <summary>Test accuracy of the centre crop alone, when <see cref="Tta"/> averaged views (the same weights, one view).</summary>
    public double? SingleViewAccuracy { get; init; }
    /// <summary>With <c>--recipe auto</c>: every recipe tried, with its validation and test accuracy; the kept one is <see cref="MetricsFile.Recipe"/>.</summary>
    public IReadOnlyList<RecipeCandidate>? Candidates { get; init; }

    /// <summary>
    /// These metrics with the validation and test results filled in: <see cref="MetricsFile.Accuracy"/> is the test
    /// accuracy where there is a test split, else validation's.
    /// </summary>
    public RunMetrics WithSplits(double valAccuracy, string validationSplit, int validationItems, double? testAccuracy) => this with
    {
        ValAccuracy = valAccuracy, ValidationSplit = validationSplit, ValidationItems = validationItems, TestAccuracy = testAccuracy,
    };

    /// <summary>
    /// The fields every recipe fills the same way, from what it loaded, trained and evaluated; a recipe adds its own
    /// with <c>with { … }</c> (feature-extraction timings, whether the weights were pretrained).
    /// </summary>
    /// <param name="recipe">Recipe id.</param>
    /// <param name="model">Model id.</param>
    /// <param name="data">The dataset as loaded (its name, classes and skipped files).</param>
    /// <param name="evaluation">Predictions on the held-out split.</param>
    /// <param name="evaluationSplit">Name of that split.</param>
    /// <param name="history">Per-epoch metrics (their count is the epochs trained).</param>
    /// <param name="trainItems">Training items used.</param>
    /// <param name="imagesProcessed">Every image the run pushed through the network, for the whole-run images/s.</param>
    /// <param name="wallSeconds">Wall time of the whole run.</param>
    /// <param name="trainSeconds">Seconds spent training.</param>
    /// <param name="seed">Seed of the run.</param>
    /// <param name="threads">torch threads.</param>
    public static RunMetrics For(string recipe, string model, ImageDataset data, ClassificationResult evaluation, string evaluationSplit,
        MetricsHistory history, int trainItems, long imagesProcessed, double wallSeconds, double trainSeconds, int seed, int threads)
    {
        var perClass = evaluation.PerClassAccuracy();
        return new RunMetrics
        {
            Dataset = data.Name, Model = model, Recipe = recipe, Accuracy = evaluation.Accuracy, EvaluationSplit = evaluationSplit,
            WallSeconds = wallSeconds, ImagesPerSecond = imagesProcessed / wallSeconds, TrainSeconds = trainSeconds,
            TrainItems = trainItems, EvaluationItems = evaluation.Count, SkippedFiles = data.Report.Skipped.Count, Classes = data.Classes,
            PerClassAccuracy = data.Classes.Select((c, i) => (c, perClass[i])).ToDictionary(x => x.c, x => x.Item2),
            Epochs = history.Epochs.Count, Seed = seed, Threads = threads,
        };
    }

    /// <summary>The recipe name of a fine-tuning run.</summary>
    public const string FineTuneRecipe = "finetune";

    /// <summary>The recipe name of a frozen-backbone run (features once, then a linear head).</summary>
    public const string FeatureExtractionRecipe = "feature-extraction";

    /// <summary>snake_case JSON, as in the file.</summary>
    public static JsonSerializerOptions JsonOptions => JsonDefaults.SnakeCase;

    /// <summary>Reads a metrics.json.</summary>
    public static RunMetrics Load(string path) =>
        JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(path), JsonOptions) ?? throw new InvalidDataException($"{path} is empty.");
}

/// <summary>One recipe tried by <c>--recipe auto</c>.</summary>
/// <param name="Recipe">Recipe id.</param>
/// <param name="ValAccuracy">Accuracy on validation (what the choice was made on).</param>
/// <param name="TestAccuracy">Accuracy on test (reported, never used to choose).</param>
/// <param name="WallSeconds">Seconds the recipe took.</param>
/// <param name="Kept">Whether this is the recipe the run kept.</param>
public sealed record RecipeCandidate(string Recipe, double ValAccuracy, double? TestAccuracy, double WallSeconds, bool Kept);
