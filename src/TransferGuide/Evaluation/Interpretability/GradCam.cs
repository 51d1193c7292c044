using TransferGuide.Models;

using static TorchSharp.torch;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>A Grad-CAM map: where in the input the evidence for one class lies.</summary>
/// <param name="Map">Row-major <c>Size × Size</c> weights in [0, 1] (1 at the strongest point), upsampled to the input.</param>
/// <param name="Size">Side of the input.</param>
/// <param name="Layer">Layer the map was taken at.</param>
/// <param name="TargetClass">Class whose score was explained.</param>
/// <param name="Probabilities">The model's class probabilities for the input.</param>
/// <param name="FeatureSize">Side of the layer's own grid (7 for layer4 at 224 px).</param>
public sealed record GradCamMap(float[] Map, int Size, string Layer, int TargetClass, float[] Probabilities, int FeatureSize)
{
    /// <summary>Fraction of the map's total weight inside <paramref name="box"/> (in input pixels): 1 means all of it.</summary>
    public double MassInside(Box box)
    {
        double inside = 0, total = 0;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                double v = Map[y * Size + x];
                total += v;
                // A pixel counts when its centre lies in the box.
                if (x + 0.5 >= box.Left && x + 0.5 < box.Right && y + 0.5 >= box.Top && y + 0.5 < box.Bottom) inside += v;
            }
        return total == 0 ? 0 : inside / total;
    }

    /// <summary>Whether the map's strongest pixel lies in <paramref name="box"/> (the "pointing game").</summary>
    public bool PeakInside(Box box)
    {
        int best = 0;
        for (int i = 1; i < Map.Length; i++) if (Map[i] > Map[best]) best = i;
        double x = best % Size + 0.5, y = best / Size + 0.5;
        return x >= box.Left && x < box.Right && y >= box.Top && y < box.Bottom;
    }
}

/// <summary>
/// Grad-CAM (Selvaraju et al., 2017): take the gradient of the class score (the logit, before softmax) with
/// respect to a convolutional layer's activations <c>A</c>; average it over space to weigh each channel;
/// the map is <c>ReLU(Σₖ wₖ Aₖ)</c>, upsampled bilinearly to the input and scaled so its peak is 1.
/// Any layer from <see cref="ResNet.CaptureLayers"/> works; layer4 (the default) is the coarsest and most
/// class-specific, earlier layers are sharper but less about the class.
/// </summary>
public static class GradCam
{
    /// <summary>The default layer: the last convolutional stage.</summary>
    public const string DefaultLayer = "layer4";

    /// <summary>Grad-CAM for one prepared input of <c>3 × size × size</c> pixels.</summary>
    /// <param name="model">The network (put in eval mode here).</param>
    /// <param name="pixels">Normalised input, as <see cref="PreparedImage.Pixels"/>.</param>
    /// <param name="size">Side of the input.</param>
    /// <param name="targetClass">Class to explain; null explains the predicted class.</param>
    /// <param name="layer">Layer to take the map at.</param>
    public static GradCamMap Compute(ResNet model, float[] pixels, int size, int? targetClass = null, string layer = DefaultLayer)
    {
        using var scope = NewDisposeScope();
        model.eval();
        // Gradients are needed even under a caller's no_grad, and even when every parameter is frozen.
        using var grad = enable_grad();
        var device = model.Fc.weight!.device;
        var x = tensor(pixels, [1, 3, size, size]).to(device).requires_grad_(true);
        var (logits, activation) = model.ForwardCapture(x, layer);
        var probabilities = logits.softmax(1).detach().cpu().contiguous().data<float>().ToArray();
        int target = targetClass ?? (int)logits.argmax(1).item<long>();
        if (target < 0 || target >= model.NumClasses)
            throw new ArgumentOutOfRangeException(nameof(targetClass), $"Class {target} is outside the model's {model.NumClasses} classes.");
        var score = logits[0, target];
        var gradient = autograd.grad([score], [activation])[0];
        var weights = gradient.mean([2, 3], keepdim: true);                    // 1 × K × 1 × 1
        var cam = (weights * activation).sum(1, keepdim: true).relu().detach(); // 1 × 1 × h × w
        int featureSize = (int)cam.shape[3];
        var up = nn.functional.interpolate(cam, [size, size], mode: InterpolationMode.Bilinear, align_corners: false).squeeze();
        var peak = up.max().item<float>();
        var map = (peak > 0 ? up / peak : up).clamp(0, 1).cpu().contiguous().data<float>().ToArray();
        return new GradCamMap(map, size, layer, target, probabilities, featureSize);
    }

    /// <summary>Grad-CAM for a prepared image.</summary>
    public static GradCamMap Compute(ResNet model, PreparedImage image, int? targetClass = null, string layer = DefaultLayer) =>
        Compute(model, image.Pixels, image.Geometry.Size, targetClass, layer);
}
