using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Monitoring;

/// <summary>
/// What drift is measured on: the pooled 512-number features of the ImageNet ResNet18 (the kit's offline weights),
/// with the kit's feature cache, so the reference embeddings of a dataset that <c>tg quickstart</c> has seen are read
/// from disk, not computed again. A fixed ImageNet backbone, not the run's fine-tuned one, keeps the reference and the
/// new data in one space whatever trained the model.
/// </summary>
public static class Embeddings
{
    /// <summary>The backbone whose features these are.</summary>
    public const string Model = ModelZoo.ResNet18ImageNet;

    /// <summary>The embeddings of <paramref name="items"/>; files that fail to decode are left out and reported.</summary>
    /// <param name="items">The images.</param>
    /// <param name="report">Receives files that fail to decode.</param>
    /// <param name="stage">Label for progress.</param>
    /// <param name="cache">Where features are kept; default <see cref="FeatureCache.Default"/>.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancel">Stops after the current batch.</param>
    /// <param name="backbone">A network from <see cref="CreateBackbone"/> to reuse; null builds one for this call (loading the
    /// weights takes seconds, so a caller embedding several sets builds it once).</param>
    public static FeatureSet Of(IReadOnlyList<DataItem> items, LoadReport report, string stage = "embeddings", FeatureCache? cache = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default, ZooModel? backbone = null)
    {
        var spec = ModelZoo.Spec(Model);
        using var own = backbone == null ? CreateBackbone() : null;
        return FeatureExtractor.Extract(backbone ?? own!, WeightsId(spec), spec.Preprocessing, items, report, cache ?? FeatureCache.Default(), stage,
            progress: progress, cancel: cancel);
    }

    /// <summary>The ImageNet ResNet18 the embeddings come from (its head is unused); dispose it when done.</summary>
    public static ZooModel CreateBackbone() => ModelZoo.Create(Model, 2);

    /// <summary>
    /// The embeddings of a dataset's training part as the kit's runs split it (<see cref="StratifiedSplit.ForTraining"/>
    /// with <paramref name="seed"/>): the reference of a run trained on it.
    /// </summary>
    public static FeatureSet TrainingPart(string dataset, int seed = 42, IProgress<WorkProgress>? progress = null)
    {
        var data = Datasets.Load(dataset, new DatasetLoadOptions(AllowDownload: false));
        return Of(StratifiedSplit.ForTraining(data, seed).Train, data.Report, "training part", progress: progress);
    }

    /// <summary>The embeddings of a dataset's held-out (test) part, split as <see cref="TrainingPart"/> splits it.</summary>
    public static FeatureSet HeldOutPart(string dataset, int seed = 42, IProgress<WorkProgress>? progress = null)
    {
        var data = Datasets.Load(dataset, new DatasetLoadOptions(AllowDownload: false));
        var splits = StratifiedSplit.ForTraining(data, seed);
        return Of(splits.Final, data.Report, splits.FinalName, progress: progress);
    }

    /// <summary>The embeddings of <paramref name="count"/> items drawn from all of a dataset or folder (seeded): "new data".</summary>
    public static FeatureSet Sample(string dataset, int count, int seed = 42, IProgress<WorkProgress>? progress = null)
    {
        var data = Datasets.Load(dataset, new DatasetLoadOptions(AllowDownload: false));
        return Of(DriftCheck.Subsample(data.Items, count, new Random(seed)), data.Report, "sample", progress: progress);
    }

    /// <summary>The weights' feature-cache id (<see cref="PretrainedWeights.CacheId"/>), shared with quickstart and the weeks.</summary>
    public static string WeightsId(ModelSpec spec) => PretrainedWeights.CacheId(spec);
}
