using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using TransferGuide.Augment;
using TransferGuide.Core;
using TransferGuide.Data;
using TransferGuide.Models;
using TransferGuide.Training;

using static TorchSharp.torch;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>How close the network's features of an augmented view are to those of the plain image.</summary>
/// <param name="View">Caption of the view ("view 1", ...).</param>
/// <param name="Cosine">Cosine similarity of its 512 features to the plain image's.</param>
public sealed record ViewScore(string View, double Cosine);

/// <summary>
/// Feature similarity of augmented views of one image: a pretrained network should map a cropped, flipped
/// or recoloured photo to nearly the same features, which is what makes those features reusable.
/// </summary>
public static class ViewSimilarity
{
    /// <summary>Cosine similarity of two equally long vectors; 0 when either is all zeros.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"The vectors differ in length ({a.Length} and {b.Length}).");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>The model's pooled features of <paramref name="image"/> after <paramref name="transforms"/> (which must end at the crop size).</summary>
    public static float[] Features(ResNet model, Image<Rgb24> image, Preprocessing p, IReadOnlyList<IImageTransform> transforms, Random random)
    {
        using var view = image.Clone();
        transforms.ApplyAll(view, random);
        if (view.Width != p.CropSize || view.Height != p.CropSize)
            throw new ArgumentException($"The transforms give {view.Width}x{view.Height}, not the model's {p.CropSize}x{p.CropSize} crop.", nameof(transforms));
        var pixels = new float[3 * p.CropSize * p.CropSize];
        PixelTensor.WriteChw(view, p, pixels);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(pixels, [1, 3, p.CropSize, p.CropSize]).to(model.Fc.weight!.device);
        return model.Features(x).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// Features of the plain (evaluation-transformed) image at <paramref name="path"/>, and the cosine similarity
    /// to them of <paramref name="views"/> views drawn with <paramref name="transforms"/> (seeded, so repeatable).
    /// </summary>
    public static (float[] Plain, IReadOnlyList<ViewScore> Views) Of(ResNet model, string path, Preprocessing p,
        IReadOnlyList<IImageTransform> transforms, int views = 8, int seed = 0)
    {
        using var image = ImageDecoder.LoadRgb(path);
        var plain = Features(model, image, p, Transforms.Eval(p), new Random(0));
        var scores = Enumerable.Range(1, views)
            .Select(k => new ViewScore($"view {k}", Cosine(plain, Features(model, image, p, transforms, new Random(Reproducibility.Mix(seed, k))))))
            .ToList();
        return (plain, scores);
    }
}
