using TransferGuide.Core;

namespace TransferGuide.Data;

/// <summary>How <see cref="Datasets"/> reads a dataset; every part is optional.</summary>
/// <param name="MaxPixels">Images larger than this are skipped and named (a guard against decompression bombs).</param>
/// <param name="AllowDownload">Whether a catalog dataset that allows it may be downloaded into the user cache when nothing else has it.</param>
/// <param name="Log">Where to say which folder is used and how a download goes (null: say nothing).</param>
public sealed record DatasetLoadOptions(long MaxPixels = ImageDecoder.DefaultMaxPixels, bool AllowDownload = true, Action<string>? Log = null);

/// <summary>
/// The one way from "a catalog name or a folder" to a loaded image dataset, for the recipes, the CLI, the benchmarks
/// and the notebooks alike. A catalog name is found by <see cref="DatasetResolver"/> (an explicit folder,
/// $TRANSFERGUIDE_DATA, ../shared/datasets, the user cache, a download) and read by <see cref="ImageFolder"/>; a
/// folder is read as it is. The dataset's <see cref="ImageDataset.Source"/> says which it was, for checkpoints.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// A catalog dataset by name, else a folder of class folders: "hymenoptera_data" is the catalog's, "~/photos" or
    /// "./hymenoptera_data" a folder. Errors name what was tried and the fix.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">It is neither a catalog name nor an existing folder.</exception>
    public static ImageDataset Load(string nameOrFolder, DatasetLoadOptions? options = null)
    {
        if (IsCatalogName(nameOrFolder)) return Load(nameOrFolder, null, options);
        if (Directory.Exists(nameOrFolder) || File.Exists(nameOrFolder) || nameOrFolder.IndexOfAny(['/', '\\']) >= 0)
            return Load(null, nameOrFolder, options); // a path: the folder loader says what is wrong with it
        throw new DatasetNotFoundException(
            $"'{nameOrFolder}' is neither a catalog dataset ({string.Join(", ", DatasetCatalog.Datasets.Select(d => d.Name))}) " +
            $"nor a folder ({Path.GetFullPath(nameOrFolder)} does not exist). Pass a catalog name, or the path of your class folders.");
    }

    /// <summary>
    /// The folder <paramref name="folder"/> when given (<c>--data DIR</c>), else the catalog dataset <paramref name="name"/>
    /// (<c>--dataset NAME</c>). <paramref name="options"/> has no default, so that <c>Load("x", null)</c> can only mean
    /// the one-string overload.
    /// </summary>
    /// <exception cref="ArgumentException">Neither is given; the name is not in the catalog; or it is not images in class folders.</exception>
    /// <exception cref="DatasetNotFoundException">The catalog dataset is nowhere on this machine and cannot be downloaded.</exception>
    /// <exception cref="DataLayoutException">The folder is missing, or not class folders of readable images.</exception>
    public static ImageDataset Load(string? name, string? folder, DatasetLoadOptions? options)
    {
        options ??= new DatasetLoadOptions();
        if (folder != null)
        {
            var data = ImageFolder.Load(folder, maxPixels: options.MaxPixels);
            return data with { Source = DataSource.ForFolder(data.Root) };
        }
        if (name == null) throw new ArgumentException("Give a dataset name or a data folder.");
        var manifest = ImageManifest(name);
        var log = options.Log;
        var root = DatasetResolver.Resolve(manifest, allowDownload: options.AllowDownload,
            progress: log == null ? null : new ActionProgress<DownloadProgress>(d => log(d.Message ?? $"downloading {d.File}: {d.Bytes / 1e6:F1} MB")));
        log?.Invoke($"using {manifest.Name} from {root}");
        return ImageFolder.Load(root, manifest.Name, options.MaxPixels) with { Source = DataSource.ForCatalog(manifest.Name) };
    }

    /// <summary>Whether <paramref name="name"/> is a catalog dataset's name (in any case).</summary>
    public static bool IsCatalogName(string? name) =>
        name != null && DatasetCatalog.Datasets.Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The manifest of a catalog dataset that is images in class folders; the error says what to use instead.</summary>
    static DatasetManifest ImageManifest(string name)
    {
        var manifest = DatasetCatalog.Get(name);
        if (manifest.Modality != "image")
            throw new ArgumentException($"{manifest.Name} is a dataset of {manifest.Modality}, not images; this needs an image dataset (one folder per class): " +
                                        $"{string.Join(", ", ImageFolderDatasets())}, or your own with --data DIR.");
        if (manifest.Layout is not ("split-class-folders" or "class-folders"))
            throw new ArgumentException($"{manifest.Name} is stored as {manifest.Layout} files, not as class folders. " +
                                        "Write it out as class folders first (tg fewlabels does for fashion_mnist), then pass that folder with --data DIR.");
        return manifest;
    }

    static IEnumerable<string> ImageFolderDatasets() =>
        DatasetCatalog.Datasets.Where(d => d.Modality == "image" && d.Layout is ("split-class-folders" or "class-folders")).Select(d => d.Name);
}
