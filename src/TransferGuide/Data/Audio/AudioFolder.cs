using TransferGuide.Data;

namespace TransferGuide.Data.Audio;

/// <summary>An audio-classification dataset: class names, (path, label, split) items and what loading skipped.</summary>
/// <param name="Name">Dataset name (catalog name, or the folder name).</param>
/// <param name="Root">The folder it was read from.</param>
/// <param name="Classes">Class names, sorted; labels index into this list.</param>
/// <param name="Items">Every readable WAV file, in a stable order.</param>
/// <param name="Report">Files skipped, with reasons.</param>
public sealed record AudioDataset(string Name, string Root, IReadOnlyList<string> Classes, IReadOnlyList<DataItem> Items, LoadReport Report)
{
    /// <summary>Items of one split.</summary>
    public IReadOnlyList<DataItem> Split(string split) => Items.Where(i => i.Split == split).ToList();

    /// <summary>The split names present, in the order train, val, test, then others.</summary>
    public IReadOnlyList<string> Splits => Items.Select(i => i.Split).Distinct().ToList();
}

/// <summary>
/// Reads a folder of WAV files, one sub-folder per class, optionally under split folders (the layout of
/// fsdd: <c>train/&lt;digit&gt;/*.wav</c>, <c>test/&lt;digit&gt;/*.wav</c>). Every file's RIFF structure is
/// checked in parallel; files that are not readable WAVs are skipped and listed with the reason.
/// </summary>
public static class AudioFolder
{
    /// <summary>Loads a catalog dataset by name (e.g. fsdd), found by <see cref="DatasetResolver"/>.</summary>
    public static AudioDataset FromCatalog(string name, string? folder = null) =>
        Load(DatasetResolver.Resolve(name, folder, allowDownload: false), name);

    /// <summary>Scans <paramref name="root"/> and checks every file.</summary>
    /// <exception cref="DataLayoutException">Missing folder, no class folders, a class with no readable WAV, or classes that differ between splits.</exception>
    public static AudioDataset Load(string root, string? name = null)
    {
        var layout = ClassFolderLayout.Scan(root, "WAV files");
        var report = new LoadReport();
        var items = new List<DataItem>();
        foreach (var (split, folder) in layout.Splits)
            for (int label = 0; label < layout.Classes.Count; label++)
            {
                var files = layout.Files(folder, label);
                var usable = new bool[files.Count];
                Parallel.For(0, files.Count, i =>
                {
                    var f = files[i];
                    if (Path.GetFileName(f).StartsWith('.')) { report.Skip(f, "hidden file"); return; }
                    if (WavFile.Problem(f) is { } problem) { report.Skip(f, problem); return; }
                    usable[i] = true;
                });
                int before = items.Count;
                for (int i = 0; i < files.Count; i++)
                    if (usable[i]) items.Add(new DataItem(files[i], label, split));
                if (items.Count == before)
                {
                    var classDir = Path.Combine(folder, layout.Classes[label]);
                    throw new DataLayoutException(
                        $"Class folder {classDir} has no readable WAV files" +
                        (files.Count > 0 ? $" ({files.Count} file(s), none readable: {report.Skipped.First(s => Path.GetDirectoryName(s.Path) == classDir).Reason})" : " (it is empty)") +
                        ". Add recordings to it or remove the folder.");
                }
            }
        return new AudioDataset(name ?? Path.GetFileName(layout.Root), layout.Root, layout.Classes, items, report);
    }
}
