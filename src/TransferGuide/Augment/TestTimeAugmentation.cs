using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Augment;

/// <summary>Which views test-time augmentation averages over.</summary>
public enum TtaViews
{
    /// <summary>The centre crop and its mirror image (2 views).</summary>
    Flip,
    /// <summary>The centre and four corner crops (5 views).</summary>
    FiveCrop,
    /// <summary>Five crops and their mirror images (10 views).</summary>
    TenCrop,
}

/// <summary>
/// Test-time augmentation: predict on several fixed views of each held-out image and average the
/// probabilities. The views are deterministic (no random draws), so results repeat exactly.
/// <c>learner.EvaluateTta(TestTimeAugmentation.Views(p, TtaViews.Flip))</c>.
/// </summary>
public static class TestTimeAugmentation
{
    /// <summary>The view pipelines for <paramref name="p"/>; the first is always the plain evaluation view.</summary>
    public static IReadOnlyList<IReadOnlyList<IImageTransform>> Views(Preprocessing p, TtaViews views = TtaViews.Flip)
    {
        var resize = new ResizeShorterSide(p.ResizeShorterSide);
        var crops = views == TtaViews.Flip
            ? new List<IImageTransform> { new CenterCrop(p.CropSize) }
            : [new CenterCrop(p.CropSize), new Crop(p.CropSize, 0, 0), new Crop(p.CropSize, 1, 0), new Crop(p.CropSize, 0, 1), new Crop(p.CropSize, 1, 1)];
        var list = crops.Select(c => (IReadOnlyList<IImageTransform>)[resize, c]).ToList();
        if (views != TtaViews.FiveCrop)
            list.AddRange(crops.Select(c => (IReadOnlyList<IImageTransform>)[resize, c, new HorizontalFlip(1)]));
        return list;
    }
}
