using TransferGuide.Core;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Options of <see cref="Quickstart"/>; every field has a default that works.</summary>
/// <param name="Dataset">Catalog dataset, used when <paramref name="DataDir"/> is null.</param>
/// <param name="DataDir">A folder of class folders (optionally under train/ and val/ or test/) to use instead.</param>
/// <param name="Model">Model id in the <see cref="ModelZoo"/>.</param>
/// <param name="Head">Head training options.</param>
/// <param name="RunsRoot">Where run folders go.</param>
/// <param name="FeatureCacheFolder">Where features are cached; null for the user cache, "" for none.</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="ValidFraction">Validation share carved from train when the data has no val split (<see cref="TransferGuide.Data.StratifiedSplit.ForTraining"/>).</param>
/// <param name="Seed">Seed for splits and training.</param>
/// <param name="MaxPixels">Images over this many pixels are skipped and named (<c>--max-megapixels</c>).</param>
public sealed record QuickstartOptions(
    string Dataset = "hymenoptera_data",
    string? DataDir = null,
    string Model = ModelZoo.ResNet18ImageNet,
    HeadOptions? Head = null,
    string RunsRoot = "runs",
    string? FeatureCacheFolder = null,
    int BatchSize = 32,
    double ValidFraction = TransferGuide.Data.StratifiedSplit.DefaultValidFraction,
    int Seed = 42,
    long MaxPixels = TransferGuide.Data.ImageDecoder.DefaultMaxPixels);

/// <summary>Where a recipe reports progress; any member may be null.</summary>
/// <param name="Work">Item-by-item progress (feature extraction).</param>
/// <param name="Epochs">Each finished epoch.</param>
/// <param name="Log">Lines for people.</param>
public sealed record RecipeProgress(IProgress<WorkProgress>? Work = null, IProgress<EpochMetrics>? Epochs = null, Action<string>? Log = null);
