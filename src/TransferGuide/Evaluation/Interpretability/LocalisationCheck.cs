using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Data;
using TransferGuide.Models;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>Grad-CAM on one annotated image.</summary>
/// <param name="Path">The image.</param>
/// <param name="TrueClass">Label index.</param>
/// <param name="PredictedClass">Model's prediction.</param>
/// <param name="MassInBox">Fraction of the Grad-CAM weight (for the true class) inside the box, in the model's crop.</param>
/// <param name="BoxAreaFraction">Fraction of the crop the box covers: the mass a map spread evenly would put inside.</param>
/// <param name="PeakInBox">Whether the map's strongest point is inside the box.</param>
/// <param name="OverlayPng">The crop with the map and the box drawn, as a PNG data URI.</param>
public sealed record LocalisationItem(string Path, int TrueClass, int PredictedClass, double MassInBox, double BoxAreaFraction, bool PeakInBox, string OverlayPng)
{
    /// <summary>Whether most of the map's weight is on the object.</summary>
    public bool MajorityInside => MassInBox > 0.5;
}

/// <summary>How well Grad-CAM lands on hand-boxed objects.</summary>
/// <param name="Layer">Layer the maps were taken at.</param>
/// <param name="Items">One per annotated image that could be read.</param>
public sealed record LocalisationResult(string Layer, IReadOnlyList<LocalisationItem> Items)
{
    /// <summary>Images with more than half the map inside the box.</summary>
    public int MajorityInside => Items.Count(i => i.MajorityInside);

    /// <summary>Images whose map peaks inside the box.</summary>
    public int PeakInside => Items.Count(i => i.PeakInBox);

    /// <summary>Mean fraction inside the box.</summary>
    public double MeanMassInBox => Items.Count == 0 ? 0 : Items.Average(i => i.MassInBox);

    /// <summary>Mean fraction of the crop the boxes cover (the uniform-map baseline).</summary>
    public double MeanBoxArea => Items.Count == 0 ? 0 : Items.Average(i => i.BoxAreaFraction);

    /// <summary>"7 of 12 images …" in words.</summary>
    public string Summary() =>
        $"Grad-CAM at {Layer} puts most of its mass inside the hand-drawn box for {MajorityInside} of {Items.Count} images " +
        $"(mean {MeanMassInBox:P0} inside, where a map spread evenly would put {MeanBoxArea:P0}); " +
        $"its peak is inside the box for {PeakInside} of {Items.Count}.";
}

/// <summary>
/// Checks Grad-CAM against hand-drawn boxes: each box (drawn on the original photo) is mapped into the
/// evaluation crop, and the fraction of the map for the image's true class that falls inside it is measured.
/// </summary>
public static class LocalisationCheck
{
    /// <summary>Runs the check for every annotation whose image is under <paramref name="root"/> (or absolute).</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="preprocessing">How its inputs are prepared.</param>
    /// <param name="classes">Class names; an image's class is the name of its folder.</param>
    /// <param name="annotations">The boxes.</param>
    /// <param name="root">Dataset root the annotation paths are relative to.</param>
    /// <param name="layer">Grad-CAM layer.</param>
    public static LocalisationResult Run(ResNet model, Preprocessing preprocessing, IReadOnlyList<string> classes,
        IReadOnlyList<BoxAnnotation> annotations, string root, string layer = GradCam.DefaultLayer)
    {
        var items = new List<LocalisationItem>();
        foreach (var a in annotations)
        {
            var path = System.IO.Path.IsPathRooted(a.Path) ? a.Path : System.IO.Path.Combine(root, a.Path);
            if (!File.Exists(path))
                throw new FileNotFoundException($"The box file names {a.Path}, but {path} does not exist. Check the dataset root or the path in the box file.", path);
            var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path))!;
            int label = classes.ToList().IndexOf(folder);
            if (label < 0)
                throw new ArgumentException($"{path} is in folder '{folder}', which is not one of the model's classes ({string.Join(", ", classes)}).");
            using var image = PreparedImage.Load(path, preprocessing);
            var cam = GradCam.Compute(model, image, label, layer);
            var box = image.Geometry.ToCrop(a.Box);
            int predicted = Array.IndexOf(cam.Probabilities, cam.Probabilities.Max());
            using var overlay = HeatmapOverlay.Overlay(image.Crop, cam.Map, cam.Size);
            HeatmapOverlay.DrawBox(overlay, box, new Rgb24(255, 255, 255));
            items.Add(new LocalisationItem(path, label, predicted, cam.MassInside(box), box.Area / (cam.Size * (double)cam.Size), cam.PeakInside(box),
                HeatmapOverlay.ToDataUri(overlay)));
        }
        return new LocalisationResult(layer, items);
    }
}
