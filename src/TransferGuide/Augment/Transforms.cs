using TransferGuide.Data;

namespace TransferGuide.Augment;

/// <summary>Ready-made pipelines.</summary>
public static class Transforms
{
    /// <summary>Evaluation: resize the shorter side, then centre-crop (as torchvision's Resize + CenterCrop).</summary>
    public static IReadOnlyList<IImageTransform> Eval(Preprocessing p) =>
        [new ResizeShorterSide(p.ResizeShorterSide), new CenterCrop(p.CropSize)];

    /// <summary>Training: random resized crop (<paramref name="minArea"/>–100% of the area, 35% by default) and a horizontal flip.</summary>
    public static IReadOnlyList<IImageTransform> Train(Preprocessing p, double minArea = DefaultMinCropArea) =>
        [new RandomResizedCrop(p.CropSize, minArea), new HorizontalFlip()];

    /// <summary>The smallest share of the image a training crop keeps, by default.</summary>
    public const double DefaultMinCropArea = 0.35;

    /// <summary>The share kept for small images (<see cref="SmallImageSide"/>), whose object fills the frame.</summary>
    public const double SmallImageMinCropArea = 0.75;

    /// <summary>Images whose median shorter side is at most this many pixels count as small.</summary>
    public const int SmallImageSide = 64;

    /// <summary>
    /// The crop share for a training set whose median native shorter side is <paramref name="medianShorterSide"/>
    /// pixels (null: unknown). A 28-pixel garment or digit fills its frame, so a crop of 35% of it cuts away most of
    /// the object: on Fashion-MNIST at 100 labels per class (3 seeds, docs/cli.md) keeping 75% raised validation and
    /// test accuracy. Photos keep the default, which suits ants/bees and flowers.
    /// </summary>
    public static double MinCropAreaFor(int? medianShorterSide) =>
        medianShorterSide is { } side && side <= SmallImageSide ? SmallImageMinCropArea : DefaultMinCropArea;

    /// <summary>
    /// Stronger training augmentation for very small datasets: random resized crop, horizontal flip, a light
    /// rotation/shift/zoom, colour jitter, occasional gray, and random erasing last.
    /// </summary>
    public static IReadOnlyList<IImageTransform> Strong(Preprocessing p, double minArea = DefaultMinCropArea) =>
    [
        new RandomResizedCrop(p.CropSize, minArea), new HorizontalFlip(),
        new RandomApply(new RandomAffine(Degrees: 15, MaxShift: 0.1, MinScale: 0.9, MaxScale: 1.1), 0.5),
        new ColorJitter(0.3, 0.3, 0.3, 0.03), new Grayscale(0.05), new RandomErasing(0.25),
    ];

}
