using TransferGuide.Charts;
using TransferGuide.Data;
using TransferGuide.Evaluation;
using TransferGuide.Evaluation.Interpretability;
using TransferGuide.Training;

namespace TransferGuide.Reports;

/// <summary>Everything an evaluation computed; <see cref="EvaluationReportHtml.Build"/> draws it.</summary>
/// <param name="Header">The checkpoint's header.</param>
/// <param name="Data">The dataset evaluated.</param>
/// <param name="Split">The split evaluated.</param>
/// <param name="Predictions">Predictions and features.</param>
/// <param name="Summary">The numbers (metrics.json).</param>
/// <param name="TopLossImages">Top-loss gallery.</param>
/// <param name="GradCamImages">Grad-CAM gallery.</param>
/// <param name="Localisation">Grad-CAM against boxes at the chosen layer, when boxes were available.</param>
/// <param name="LocalisationByLayer">The same check at the chosen layer and each comparison layer.</param>
/// <param name="Groups">Per-group metrics, when a group file was given.</param>
/// <param name="Filters">First-layer filters, as a PNG data URI.</param>
/// <param name="FeatureMaps">Feature maps of one image, as a PNG data URI, and its caption.</param>
/// <param name="Pca">PCA of the features.</param>
/// <param name="Tsne">t-SNE of the features, when run.</param>
public sealed record EvaluationOutcome(CheckpointHeader Header, ImageDataset Data, string Split, Predictions Predictions, EvaluationSummary Summary,
    IReadOnlyList<GalleryImage> TopLossImages, IReadOnlyList<GalleryImage> GradCamImages, LocalisationResult? Localisation, IReadOnlyList<LocalisationResult> LocalisationByLayer, GroupMetrics? Groups,
    string Filters, GalleryImage? FeatureMaps, PcaResult Pca, TsneResult? Tsne);
