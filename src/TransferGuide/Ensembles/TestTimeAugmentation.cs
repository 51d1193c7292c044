using TransferGuide.Augment;
using TransferGuide.Evaluation;
using TransferGuide.Models;
using TransferGuide.Training;

namespace TransferGuide.Ensembles;

/// <summary>Which views test-time augmentation averages.</summary>
public enum TtaViews
{
    /// <summary>The centre crop and its mirror image (2 views).</summary>
    Flip,
    /// <summary>Four corner crops and the centre crop (5 views, torchvision's FiveCrop).</summary>
    FiveCrop,
    /// <summary>The five crops and their mirror images (10 views, TenCrop).</summary>
    TenCrop,
}

/// <summary>
/// Test-time augmentation: the same model predicts several deterministic views of every image (mirror,
/// corner crops) and the probabilities are averaged, a free ensemble that costs one forward pass per view.
/// </summary>
public static class TestTimeAugmentation
{
    /// <summary>The transform pipelines of each view, for <paramref name="p"/>'s resize and crop sizes.</summary>
    public static IReadOnlyList<IReadOnlyList<IImageTransform>> Views(Preprocessing p, TtaViews views)
    {
        var resize = new ResizeShorterSide(p.ResizeShorterSide);
        var anchors = views == TtaViews.Flip ? [CropAnchor.Center] : Enum.GetValues<CropAnchor>();
        var list = new List<IReadOnlyList<IImageTransform>>();
        foreach (var anchor in anchors)
        {
            list.Add([resize, new AnchoredCrop(p.CropSize, anchor)]);
            if (views != TtaViews.FiveCrop) list.Add([resize, new AnchoredCrop(p.CropSize, anchor), new HorizontalFlip(1.0)]);
        }
        return list;
    }

    /// <summary>The learner's held-out predictions averaged over the views; also each view's own result.</summary>
    public static (ClassificationResult Averaged, IReadOnlyList<ClassificationResult> PerView) Evaluate(Learner learner, TtaViews views = TtaViews.Flip)
    {
        var perView = Views(learner.Preprocessing, views).Select(learner.Evaluate).ToList();
        return (ProbabilityEnsemble.Combine(perView), perView);
    }
}
