using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Training;

namespace TransferGuide.Monitoring;

/// <summary>Old and new data as frozen embeddings, for <see cref="IncrementalFineTune.Compare"/>.</summary>
/// <param name="OldTrain">What the old model was trained on.</param>
/// <param name="OldTest">Held-out old data: forgetting is measured here.</param>
/// <param name="NewTrain">The new (shifted) data, labelled.</param>
/// <param name="NewTest">Held-out new data.</param>
/// <param name="Classes">Number of classes (shared by old and new).</param>
public sealed record IncrementalData(FeatureSet OldTrain, FeatureSet OldTest, FeatureSet NewTrain, FeatureSet NewTest, int Classes)
{
    /// <summary>
    /// Embeds an old dataset and a new labelled one with the same classes (e.g. oxford_flowers17 and its fog-3 copy from
    /// <c>tg data corrupt</c>). Each is split by the kit's policy (<see cref="StratifiedSplit.ForTraining"/>): its
    /// training part trains, its held-out (test) part measures. <paramref name="maxNewTrain"/> caps the labelled new
    /// examples (a seeded subset), as after drift only a few are usually labelled.
    /// </summary>
    /// <exception cref="ArgumentException">The two datasets do not have the same classes.</exception>
    public static IncrementalData Load(string oldDataset, string newData, int seed = 42, int? maxNewTrain = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var old = Datasets.Load(oldDataset, new DatasetLoadOptions(AllowDownload: false));
        var fresh = Datasets.Load(newData, new DatasetLoadOptions(AllowDownload: false));
        if (!old.Classes.SequenceEqual(fresh.Classes))
            throw new ArgumentException($"The new data {fresh.Root} has classes {string.Join(", ", fresh.Classes)}, but the old data {old.Root} has " +
                                        $"{string.Join(", ", old.Classes)}. Incremental fine-tuning needs the same class folders in both.");
        var oldSplits = StratifiedSplit.ForTraining(old, seed);
        var newSplits = StratifiedSplit.ForTraining(fresh, seed);
        using var backbone = Embeddings.CreateBackbone();
        var newTrain = maxNewTrain is { } cap ? DriftCheck.Subsample(newSplits.Train, cap, new Random(seed)) : newSplits.Train;
        return new IncrementalData(
            Embeddings.Of(oldSplits.Train, old.Report, "old train", progress: progress, cancel: cancel, backbone: backbone),
            Embeddings.Of(oldSplits.Final, old.Report, "old " + oldSplits.FinalName, progress: progress, cancel: cancel, backbone: backbone),
            Embeddings.Of(newTrain, fresh.Report, "new train", progress: progress, cancel: cancel, backbone: backbone),
            Embeddings.Of(newSplits.Final, fresh.Report, "new " + newSplits.FinalName, progress: progress, cancel: cancel, backbone: backbone),
            old.Classes.Count);
    }
}
