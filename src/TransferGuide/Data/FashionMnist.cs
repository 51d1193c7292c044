using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

using static TorchSharp.torch;

namespace TransferGuide.Data;

/// <summary>One split of an MNIST-style dataset: grey images as bytes and their labels.</summary>
/// <param name="Split">"train" or "test".</param>
/// <param name="Images">Shape [N, height, width], 0 (black) to 255 (white).</param>
/// <param name="Labels">One class index per image.</param>
public sealed record MnistSplit(string Split, IdxArray Images, byte[] Labels)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image height in pixels.</summary>
    public int Height => Images.Shape[1];

    /// <summary>Image width in pixels.</summary>
    public int Width => Images.Shape[2];

    /// <summary>The labels as ints, for <see cref="FewLabels"/> and metrics.</summary>
    public IReadOnlyList<int> LabelList => Labels.Select(l => (int)l).ToArray();

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Pixels(int index) => Images.Data.AsSpan(index * Images.ItemSize, Images.ItemSize);

    /// <summary>
    /// Images as a float tensor <c>[n, 1, height, width]</c> in 0..1 and labels as int64 <c>[n]</c>, for
    /// all images or the given <paramref name="indices"/>.
    /// </summary>
    public (Tensor Images, Tensor Labels) ToTensors(IReadOnlyList<int>? indices = null)
    {
        TransferGuide.Core.Native.TorchRuntime.EnsureLoaded();
        var pick = indices ?? Enumerable.Range(0, Count).ToArray();
        int size = Images.ItemSize;
        var pixels = new float[pick.Count * size];
        var labels = new long[pick.Count];
        for (int i = 0; i < pick.Count; i++)
        {
            var source = Pixels(pick[i]);
            for (int p = 0; p < size; p++) pixels[i * size + p] = source[p] / 255f;
            labels[i] = Labels[pick[i]];
        }
        return (tensor(pixels, [pick.Count, 1, Height, Width]), tensor(labels));
    }

    /// <summary>
    /// Writes images (all, or <paramref name="indices"/>) as grey PNGs into
    /// <c>folder/&lt;class&gt;/&lt;split&gt;-&lt;index&gt;.png</c>, so that the image tools (ImageFolder, the
    /// Learner, tg train --data) can run few-label experiments on them. Class names with '/' (T-shirt/top)
    /// get '-' instead. Returns the number of files written.
    /// </summary>
    public int SaveImages(string folder, IReadOnlyList<string> classes, IReadOnlyList<int>? indices = null)
    {
        var pick = indices ?? Enumerable.Range(0, Count).ToArray();
        var folders = classes.Select(c => Path.Combine(folder, string.Join("-", c.Split(Path.GetInvalidFileNameChars())))).ToArray();
        foreach (var f in folders) Directory.CreateDirectory(f);
        Parallel.For(0, pick.Count, i =>
        {
            int index = pick[i];
            using var image = Image.LoadPixelData<L8>(Pixels(index), Width, Height);
            image.SaveAsPng(Path.Combine(folders[Labels[index]], $"{Split}-{index:D5}.png"));
        });
        return pick.Count;
    }
}

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017): 70,000 28×28 grey photos of clothes in 10 classes, as the Debian package
/// <c>dataset-fashion-mnist</c> installs them (gzipped IDX in /usr/share/datasets/fashion-mnist).
/// </summary>
/// <param name="Root">The folder the files were read from.</param>
/// <param name="Classes">The ten class names, in label order.</param>
/// <param name="Train">60,000 training images.</param>
/// <param name="Test">10,000 test images.</param>
public sealed record FashionMnist(string Root, IReadOnlyList<string> Classes, MnistSplit Train, MnistSplit Test)
{
    /// <summary>The catalog name.</summary>
    public const string CatalogName = "fashion_mnist";

    /// <summary>
    /// Finds and reads the dataset: <paramref name="folder"/> if given, else as <see cref="DatasetResolver"/>
    /// looks, ending with the Debian package's folder.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Nowhere to be found; the message says to install dataset-fashion-mnist.</exception>
    public static FashionMnist Load(string? folder = null)
    {
        var manifest = DatasetCatalog.Get(CatalogName);
        return Load(DatasetResolver.Resolve(manifest, folder, allowDownload: false), manifest);
    }

    /// <summary>Reads the four IDX files named by <paramref name="manifest"/> from <paramref name="root"/>.</summary>
    public static FashionMnist Load(string root, DatasetManifest manifest)
    {
        root = Path.GetFullPath(root);
        var files = manifest.Files ?? throw new ArgumentException($"Manifest {manifest.Name} names no files.", nameof(manifest));
        MnistSplit ReadSplit(string split)
        {
            string imagesPath = FileOf(root, files, split + "_images", manifest), labelsPath = FileOf(root, files, split + "_labels", manifest);
            var images = IdxFile.Read(imagesPath);
            var labels = IdxFile.Read(labelsPath);
            if (images.Shape.Length != 3)
                throw new InvalidDataException($"{imagesPath}: expected images [count, height, width] but found {images.Shape.Length} dimension(s). Is it a label file?");
            if (labels.Shape.Length != 1)
                throw new InvalidDataException($"{labelsPath}: expected labels [count] but found {labels.Shape.Length} dimensions. Is it an image file?");
            if (images.Count != labels.Count)
                throw new InvalidDataException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Count} labels. Use files from the same release.");
            int bad = Array.FindIndex(labels.Data, l => l >= manifest.Classes.Count);
            if (bad >= 0)
                throw new InvalidDataException($"{labelsPath}: label {labels.Data[bad]} at position {bad} is not one of the {manifest.Classes.Count} classes.");
            return new MnistSplit(split, images, labels.Data);
        }
        return new FashionMnist(root, manifest.Classes, ReadSplit("train"), ReadSplit("test"));
    }

    static string FileOf(string root, IReadOnlyDictionary<string, string> files, string role, DatasetManifest manifest)
    {
        if (!files.TryGetValue(role, out var name)) throw new ArgumentException($"Manifest {manifest.Name} has no '{role}' file.", nameof(manifest));
        var path = Path.Combine(root, name);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{path} is missing. " + (manifest.Source.DebianPackage is { } pkg
                    ? $"Install the Debian package {pkg} (apt-get install {pkg}, with sudo if you are not root), which puts all four files in {manifest.Source.Path}."
                    : "Put the dataset's four IDX files there."), path);
        return path;
    }
}
