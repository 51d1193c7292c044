using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Thrown when a run cannot resume because its data folder is gone or changed; the message says what changed and how to point at the data.</summary>
public sealed class DataSourceChangedException(string message, DataChange change) : Exception(message)
{
    /// <summary>What changed.</summary>
    public DataChange Change { get; } = change;
}

/// <summary>
/// Which images a <c>tg train</c> run uses. A new run uses <c>--data</c>, else <c>--dataset</c>, else ants/bees. A
/// resumed run uses what its checkpoint recorded, so <c>tg train --resume RUN</c> never quietly continues on other
/// data: a recorded folder that is missing or changed stops the run with what changed; <c>--data</c> or
/// <c>--dataset</c> given with <c>--resume</c> is taken as the user's word and wins (with a note when it differs).
/// </summary>
internal static class TrainData
{
    /// <summary>The catalog dataset of a run that names none.</summary>
    public const string DefaultDataset = "hymenoptera_data";

    public static ImageDataset Load(TrainOptions options, CheckpointHeader? resumed, string? checkpoint, RecipeProgress progress)
    {
        var recorded = resumed?.DataSource;
        if (options.DataDir != null)
        {
            var data = Datasets.Load(null, options.DataDir, Loading(options, progress));
            var source = data.Source!;
            if (recorded != null && (recorded.Folder != source.Folder || recorded.Fingerprint != source.Fingerprint))
                progress.Log?.Invoke($"note: resuming on --data {source.Folder} as given; the checkpoint was trained on " +
                                     $"{recorded.Catalog ?? recorded.Folder}{(recorded.Folder == source.Folder ? " before it changed" : "")}.");
            return data;
        }
        if (options.Dataset != null) return Catalog(options.Dataset, options, progress);
        if (resumed == null) return Catalog(DefaultDataset, options, progress);
        if (recorded == null)
            throw new CheckpointException(
                $"{checkpoint} does not record which data it was trained on (an older TransferGuide wrote it, checkpoint format 1, " +
                "or library code that did not name its data). " +
                $"Name the data it was trained on ('{resumed.Dataset}'): tg train --resume RUN --data DIR, or --dataset NAME for a catalog dataset.");
        if (recorded.Catalog != null) return Catalog(recorded.Catalog, options, progress);
        if (recorded.Compare() is { } change)
            throw new DataSourceChangedException(
                $"Cannot resume {checkpoint}: {change.Describe()}. " +
                (change.Missing
                    ? "Put the folder back, or pass --data DIR with where the images are now"
                    : $"Restore the files to resume exactly, or pass {recorded.Option} to resume on the folder as it is now") +
                " (tg train --resume RUN --data DIR).", change);
        progress.Log?.Invoke($"data: {recorded.Folder} (unchanged since the checkpoint, {recorded.Files.Count} files)");
        return Datasets.Load(null, recorded.Folder, Loading(options, progress)) with { Source = recorded };
    }

    static ImageDataset Catalog(string name, TrainOptions options, RecipeProgress progress) => Datasets.Load(name, null, Loading(options, progress));

    static DatasetLoadOptions Loading(TrainOptions options, RecipeProgress progress) => new(options.MaxPixels, Log: progress.Log);
}
