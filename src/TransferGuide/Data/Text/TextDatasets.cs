using TransferGuide.Data;

namespace TransferGuide.Data.Text;

/// <summary>Loads the catalog's text datasets (layout <c>label-tab-text</c>: sst2, sms_spam) by name.</summary>
public static class TextDatasets
{
    /// <summary>
    /// Finds <paramref name="name"/> (see <see cref="DatasetResolver"/>) and reads each of its files as a split.
    /// <paramref name="folder"/> overrides where to look.
    /// </summary>
    public static TextDataset Load(string name, string? folder = null)
    {
        var manifest = DatasetCatalog.Get(name);
        return Load(manifest, DatasetResolver.Resolve(manifest, folder, allowDownload: false));
    }

    /// <summary>Reads a label-tab-text dataset described by <paramref name="manifest"/> from <paramref name="root"/>.</summary>
    public static TextDataset Load(DatasetManifest manifest, string root)
    {
        if (manifest.Layout != "label-tab-text" || manifest.Files is not { Count: > 0 } files)
            throw new ArgumentException($"Dataset {manifest.Name} is not a label-tab-text dataset (layout {manifest.Layout}). " +
                                        "Load images with ImageFolder, audio with AudioFolder.", nameof(manifest));
        root = Path.GetFullPath(root);
        var items = new List<TextExample>();
        foreach (var (split, file) in files)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"{path} is missing from dataset {manifest.Name} (its '{split}' split). " +
                    (manifest.Source.ManualSteps.Count > 0 ? "How to get it: " + string.Join(" ", manifest.Source.ManualSteps) : $"Get it from {manifest.Source.Url}."),
                    path);
            items.AddRange(LabelTabText.Read(path, manifest.Classes, split));
        }
        var names = ClassNamesOf(manifest);
        return new TextDataset(manifest.Name, root, manifest.Classes, names, items);
    }

    /// <summary>Reads one label-tab-text file of your own, with the given label values, as split "all".</summary>
    public static TextDataset LoadFile(string path, IReadOnlyList<string> classes) =>
        new(Path.GetFileNameWithoutExtension(path), Path.GetDirectoryName(Path.GetFullPath(path))!, classes, classes,
            LabelTabText.Read(path, classes, "all"));

    // sst2's labels are 0/1; the manifest's class_names say what they mean.
    static IReadOnlyList<string> ClassNamesOf(DatasetManifest manifest) =>
        manifest.ClassNames is { } n && n.Count == manifest.Classes.Count ? n : manifest.Classes;
}
