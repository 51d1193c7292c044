using TransferGuide.Core;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>Thrown when run folders cannot be written where asked; the message names the folder and <c>--runs</c>.</summary>
public sealed class OutputFolderException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary><c>runs/&lt;id&gt;/</c>: where a run keeps metrics.json, report.html and its checkpoint.</summary>
public sealed class RunFolder
{
    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Temporary checkpoints a killed write left here, removed when the folder was opened.</summary>
    public IReadOnlyList<(string Path, long Bytes)> RemovedOrphans { get; private init; } = [];

    RunFolder(string path) => Path = path;

    /// <summary>
    /// Creates a new run folder named by the UTC time, under <paramref name="root"/>. Call it when the run starts
    /// for real, not before: a run that fails its checks must leave no empty folder behind.
    /// </summary>
    /// <exception cref="OutputFolderException">The folder cannot be created (read-only disk, no permission).</exception>
    public static RunFolder Create(string root = "runs")
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, stamp));
        for (int n = 2; Directory.Exists(path); n++)
            path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, $"{stamp}-{n}"));
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { throw NotWritable(root, e); }
        return new RunFolder(path);
    }

    /// <summary>
    /// Checks, before any work, that run folders can be made under <paramref name="root"/>: a probe file is written
    /// and removed in it (or in its nearest existing parent, so nothing is created for a run that never starts).
    /// </summary>
    /// <exception cref="OutputFolderException">The folder is read-only, not writable, or a file.</exception>
    public static void CheckWritable(string root)
    {
        var full = System.IO.Path.GetFullPath(root);
        if (File.Exists(full)) throw new OutputFolderException($"--runs {full} is a file, not a folder. Pass --runs DIR with a folder for run folders.");
        var existing = full;
        while (!Directory.Exists(existing)) existing = System.IO.Path.GetDirectoryName(existing) ?? throw NotWritable(root, null);
        var probe = System.IO.Path.Combine(existing, $".tg-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { throw NotWritable(root, e); }
    }

    /// <summary>The run folder a <c>--resume</c> argument names: the folder itself, or the folder of the checkpoint file given.</summary>
    public static string OfResume(string resume) =>
        Directory.Exists(resume) ? System.IO.Path.GetFullPath(resume) : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(resume))!;

    /// <summary>An existing run folder (to resume into); temporary files a killed checkpoint write left are removed.</summary>
    public static RunFolder Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"Run folder {full} does not exist. Pass a folder under runs/ or its model.tgck.");
        return new RunFolder(full) { RemovedOrphans = AtomicFile.RemoveOrphans(full) };
    }

    /// <summary>Removes the folder when nothing was written into it (a run that failed before its first checkpoint).</summary>
    public bool RemoveIfEmpty()
    {
        if (!Directory.Exists(Path) || Directory.EnumerateFileSystemEntries(Path).Any()) return false;
        Directory.Delete(Path);
        return true;
    }

    static OutputFolderException NotWritable(string root, Exception? e) => new(
        $"Cannot write run folders under {System.IO.Path.GetFullPath(root)}" +
        (e == null ? "" : e is UnauthorizedAccessException ? " (permission denied)" : $" ({e.Message.TrimEnd('.')})") +
        ". Pass --runs DIR with a folder you can write to.", e);

    /// <summary>metrics.json.</summary>
    public string Metrics => System.IO.Path.Combine(Path, "metrics.json");
    /// <summary>report.html.</summary>
    public string Report => System.IO.Path.Combine(Path, "report.html");
    /// <summary>The checkpoint.</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, CheckpointName);

    /// <summary>The checkpoint's file name in a run folder.</summary>
    public const string CheckpointName = "model.tgck";
}
