namespace TransferGuide.Data;

/// <summary>One labelled example: where it is, its class index, and its split.</summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Label">Index into the dataset's class list.</param>
/// <param name="Split">"train", "val", "test" or "all".</param>
public sealed record DataItem(string Path, int Label, string Split);

/// <summary>A file that was left out, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, in words a user can act on.</param>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What loading found: the files skipped, with reasons. Nothing is skipped silently.</summary>
/// <param name="maxPixels">The pixel cap the files were checked against; decoding them later uses the same cap.</param>
public sealed class LoadReport(long maxPixels = ImageDecoder.DefaultMaxPixels)
{
    /// <summary>The cap on width x height every file of this dataset is held to (<c>--max-megapixels</c>).</summary>
    public long MaxPixels { get; } = maxPixels;

    readonly List<SkippedFile> _skipped = [];
    readonly object _gate = new();

    /// <summary>Files left out, in the order found.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get { lock (_gate) return _skipped.ToList(); } }

    readonly List<int> _shorterSides = [];

    /// <summary>Records a usable image's native size (thread-safe: the folder is scanned in parallel).</summary>
    public void NoteSize(int width, int height) { lock (_gate) _shorterSides.Add(Math.Min(width, height)); }

    /// <summary>The median native shorter side of the usable images, in pixels; null when no size was recorded.</summary>
    public int? MedianShorterSide
    {
        get
        {
            lock (_gate)
            {
                if (_shorterSides.Count == 0) return null;
                var sorted = _shorterSides.Order().ToList();
                return sorted[sorted.Count / 2];
            }
        }
    }

    /// <summary>Records a skipped file (thread-safe: decoding runs in parallel).</summary>
    public void Skip(string path, string reason) { lock (_gate) _skipped.Add(new SkippedFile(path, reason)); }

    /// <summary>A short summary for consoles and reports.</summary>
    public override string ToString()
    {
        var skipped = Skipped;
        return skipped.Count == 0 ? "no files skipped"
            : $"{skipped.Count} file(s) skipped:\n" + string.Join("\n", skipped.Select(s => $"  - {s.Path}: {s.Reason}"));
    }
}
