namespace TransferGuide.Data;

/// <summary>
/// The folder layout every class-folder dataset shares, whatever its files hold:
/// <c>root/&lt;split&gt;/&lt;class&gt;/*</c> (split folders named as in <see cref="ImageFolder.SplitNames"/>) or
/// <c>root/&lt;class&gt;/*</c> (one pool, split "all"). Scanning checks the structure only: a missing root,
/// no class folders, or class sets that differ between splits are errors that name the folder.
/// </summary>
/// <param name="Root">The dataset folder, absolute.</param>
/// <param name="Classes">Class folder names, sorted ordinally; labels index into this list.</param>
/// <param name="Splits">Each split with its folder ("all" is the root itself).</param>
public sealed record ClassFolderLayout(string Root, IReadOnlyList<string> Classes, IReadOnlyList<(string Split, string Folder)> Splits)
{
    /// <summary>Scans <paramref name="root"/>; <paramref name="kind"/> names the files in messages (e.g. "audio files").</summary>
    /// <exception cref="DataLayoutException">The folder is missing, has no class folders, or splits disagree on classes.</exception>
    public static ClassFolderLayout Scan(string root, string kind = "files")
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataLayoutException(File.Exists(root)
                ? $"{root} is a file; point at a folder that holds one sub-folder per class."
                : $"Data folder {root} does not exist. Check the path, or pass a folder that holds one sub-folder per class.");

        var splitDirs = Directory.GetDirectories(root)
            .Where(d => ImageFolder.SplitNames.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase))
            .OrderBy(d => Array.IndexOf(ImageFolder.SplitNames, Path.GetFileName(d).ToLowerInvariant()))
            .ToList();
        var splits = splitDirs.Count > 0
            ? splitDirs.Select(d => (Split: NormaliseSplit(Path.GetFileName(d)), Folder: d)).ToList()
            : [("all", root)];

        var classesBySplit = splits.Select(s => (s.Split, s.Folder, Names: ClassFolders(s.Folder))).ToList();
        foreach (var (split, folder, names) in classesBySplit)
            if (names.Count == 0)
                throw new DataLayoutException(
                    $"{folder} has no class folders. Put each class's {kind} in its own sub-folder, e.g. data/<class-a>/ and data/<class-b>/.");

        var classes = classesBySplit[0].Names;
        foreach (var (split, _, names) in classesBySplit.Skip(1))
            if (!names.SequenceEqual(classes))
            {
                var onlyHere = names.Except(classes).ToList();
                var missingHere = classes.Except(names).ToList();
                throw new DataLayoutException(
                    $"Class folders differ between splits in {root}: '{split}' " +
                    (onlyHere.Count > 0 ? $"has {string.Join(", ", onlyHere)} that '{classesBySplit[0].Split}' lacks" : "") +
                    (onlyHere.Count > 0 && missingHere.Count > 0 ? " and " : "") +
                    (missingHere.Count > 0 ? $"lacks {string.Join(", ", missingHere)}" : "") +
                    ". Give every split the same class folders.");
            }
        return new ClassFolderLayout(root, classes, splits);
    }

    /// <summary>The files of one class in one split, sorted ordinally (hidden files included, for the caller to report).</summary>
    public IReadOnlyList<string> Files(string folder, int label) =>
        Directory.GetFiles(Path.Combine(folder, Classes[label])).OrderBy(f => f, StringComparer.Ordinal).ToList();

    static List<string> ClassFolders(string dir)
    {
        // A class folder that is a broken or looping link is not a directory, so listing directories would drop
        // the whole class without a word; it is an error that names the link instead.
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            if (entry.LinkTarget != null && !entry.Name.StartsWith('.') && !ImageDecoder.HasImageExtension(entry.Name)
                && ImageDecoder.LinkProblem(entry.FullName) is { } problem)
                throw new DataLayoutException($"{entry.FullName}: {problem}. A class folder must be a folder (or a link to one).");
        return Directory.GetDirectories(dir)
            .Select(d => Path.GetFileName(d))
            .Where(n => !n.StartsWith('.'))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    static string NormaliseSplit(string folder) => folder.ToLowerInvariant() switch
    {
        "valid" or "validation" => "val",
        var s => s,
    };
}
