namespace TransferGuide.Augment;

/// <summary>Which batch-level mix to apply.</summary>
public enum MixKind
{
    /// <summary>MixUp (Zhang et al. 2018): blend whole images and their labels.</summary>
    MixUp,
    /// <summary>CutMix (Yun et al. 2019): paste a box from another image; labels mix by the box's area.</summary>
    CutMix,
}

/// <summary>
/// Batch-level mixing for the learner (<c>LearnerOptions.Mixing</c>): each training batch is mixed with a shuffled
/// copy of itself with mixing weight λ ~ Beta(<paramref name="Alpha"/>, <paramref name="Alpha"/>), and trained
/// on soft labels.
/// </summary>
/// <param name="Kind">MixUp or CutMix.</param>
/// <param name="Alpha">Beta parameter: 0.2 for MixUp and 1.0 for CutMix are the usual choices; larger mixes harder.</param>
/// <param name="Probability">Chance that a batch is mixed at all.</param>
public sealed record BatchMixing(MixKind Kind = MixKind.MixUp, double Alpha = 0.2, double Probability = 1.0);

/// <summary>A mixed batch: pixels, soft targets (<c>Count × Classes</c>), and how it was mixed.</summary>
/// <param name="Pixels">Mixed <c>N × 3 × S × S</c> pixels.</param>
/// <param name="Targets">Soft labels, rows sum to 1.</param>
/// <param name="Classes">Columns of <paramref name="Targets"/>.</param>
/// <param name="Lambda">Share of each image's own content (after CutMix's box is clipped).</param>
/// <param name="Partner">For each image, the batch index of the image mixed into it.</param>
public sealed record MixedBatch(float[] Pixels, float[] Targets, int Classes, double Lambda, int[] Partner)
{
    /// <summary>Images in the batch.</summary>
    public int Count => Partner.Length;
}
