namespace TransferGuide.Data;

/// <summary>
/// How pixels become the network's input: resize the shorter side, centre-crop, order the channels,
/// then <c>(pixel * Scale - Mean[c]) / Std[c]</c> per channel. Stored in every checkpoint, so a model is
/// always fed the way it was trained.
/// </summary>
/// <param name="CropSize">Side of the square input, in pixels.</param>
/// <param name="ResizeShorterSide">The shorter side is resized to this before the centre crop.</param>
/// <param name="ChannelOrder">"RGB" or "BGR".</param>
/// <param name="Scale">Multiplies 0..255 pixel values first (1 keeps 0..255; 1/255 gives 0..1).</param>
/// <param name="Mean">Per-channel mean, in <paramref name="ChannelOrder"/>.</param>
/// <param name="Std">Per-channel standard deviation, in <paramref name="ChannelOrder"/>.</param>
public sealed record Preprocessing(int CropSize, int ResizeShorterSide, string ChannelOrder, float Scale, float[] Mean, float[] Std)
{
    /// <summary>
    /// The CNTK ImageNet ResNet18 from Microsoft.ML.DnnImageFeaturizer.ResNet18: BGR in 0..255 minus the
    /// per-channel means of its mean image (cosine ≥ 0.9986 to the full mean image, measured when the weights were converted).
    /// </summary>
    public static Preprocessing CntkResNet { get; } =
        new(224, 256, "BGR", 1f, [103.06f, 115.90f, 123.15f], [1f, 1f, 1f]);

    /// <summary>torchvision's ImageNet normalisation (RGB, 0..1, mean/std), for torchvision weights.</summary>
    public static Preprocessing TorchvisionImageNet { get; } =
        new(224, 256, "RGB", 1f / 255f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>
    /// The preprocessing of a model whose inputs are not images (text checkpoints): no pixels to prepare. Their
    /// checkpoint's <c>Text</c> settings say how inputs are made instead.
    /// </summary>
    public static Preprocessing NotImages { get; } = new(0, 0, "none", 1f, [], []);

    /// <summary>Whether the first tensor channel holds blue.</summary>
    public bool IsBgr => string.Equals(ChannelOrder, "BGR", StringComparison.OrdinalIgnoreCase);

    /// <summary>A stable text form, used in cache keys.</summary>
    public string Describe() =>
        $"{ChannelOrder} crop{CropSize} resize{ResizeShorterSide} scale{Scale:R} mean[{string.Join(",", Mean.Select(m => m.ToString("R")))}] std[{string.Join(",", Std.Select(s => s.ToString("R")))}]";

    /// <inheritdoc />
    public bool Equals(Preprocessing? other) => other is not null && Describe() == other.Describe();

    /// <inheritdoc />
    public override int GetHashCode() => Describe().GetHashCode(StringComparison.Ordinal);
}
