namespace TransferGuide.Data;

/// <summary>Thrown when a data folder cannot be used as it is; the message names the folder and the fix.</summary>
public sealed class DataLayoutException(string message) : Exception(message);

/// <summary>An image-classification dataset: class names, items and what loading skipped.</summary>
/// <param name="Name">Dataset name (catalog name, or the folder name).</param>
/// <param name="Root">The folder it was read from.</param>
/// <param name="Classes">Class names, sorted; labels index into this list.</param>
/// <param name="Items">Every usable item, in a stable order.</param>
/// <param name="Report">Files skipped, with reasons.</param>
public sealed record ImageDataset(string Name, string Root, IReadOnlyList<string> Classes, IReadOnlyList<DataItem> Items, LoadReport Report)
{
    /// <summary>Items of one split.</summary>
    public IReadOnlyList<DataItem> Split(string split) => Items.Where(i => i.Split == split).ToList();

    /// <summary>Where it came from, for checkpoints (set by the recipe that knows: catalog name or folder).</summary>
    public DataSource? Source { get; init; }

    /// <summary>The split names present, in the order train, val, test, then others.</summary>
    public IReadOnlyList<string> Splits =>
        Items.Select(i => i.Split).Distinct().OrderBy(s => Array.IndexOf(ImageFolder.SplitNames, s) is var k && k < 0 ? 99 : k).ToList();
}

/// <summary>
/// Reads a folder of images, one sub-folder per class. Two layouts are understood:
/// <c>root/&lt;split&gt;/&lt;class&gt;/*</c> (split folders named train, val, valid, validation or test) and
/// <c>root/&lt;class&gt;/*</c> (one pool, split "all"). Headers are checked in parallel; files that are not
/// readable images are skipped and listed in the <see cref="LoadReport"/>, never silently dropped.
/// </summary>
public static class ImageFolder
{
    /// <summary>Split folder names, in display order.</summary>
    public static readonly string[] SplitNames = ["train", "val", "valid", "validation", "test", "all"];

    /// <summary>Scans <paramref name="root"/> and checks every file's header.</summary>
    /// <exception cref="DataLayoutException">Missing folder, no class folders, an empty class or classes that differ between splits.</exception>
    public static ImageDataset Load(string root, string? name = null, long maxPixels = ImageDecoder.DefaultMaxPixels)
    {
        var layout = ClassFolderLayout.Scan(root, "images");
        root = layout.Root;
        var classes = layout.Classes;

        var report = new LoadReport(maxPixels);
        var items = new List<DataItem>();
        foreach (var (split, dir) in layout.Splits)
            for (int label = 0; label < classes.Count; label++)
            {
                var classDir = Path.Combine(dir, classes[label]);
                var files = layout.Files(dir, label);
                var usable = new bool[files.Count];
                Parallel.For(0, files.Count, i =>
                {
                    var f = files[i];
                    if (Path.GetFileName(f).StartsWith('.')) { report.Skip(f, "hidden file"); return; }
                    if (ImageDecoder.Identify(f, out var problem, maxPixels) is not { } size) { report.Skip(f, problem ?? "not an image"); return; }
                    if (split != "test") report.NoteSize(size.Width, size.Height); // sizes steer training; the test split stays unread
                    usable[i] = true;
                });
                int before = items.Count;
                for (int i = 0; i < files.Count; i++)
                    if (usable[i]) items.Add(new DataItem(files[i], label, split));
                if (items.Count == before)
                    throw new DataLayoutException(
                        $"Class folder {classDir} has no readable images" +
                        (files.Count > 0 ? $" ({files.Count} file(s), none decodable)" : " (it is empty)") +
                        ". Add images to it or remove the folder.");
            }
        return new ImageDataset(name ?? Path.GetFileName(root), root, classes, items, report);
    }
}
