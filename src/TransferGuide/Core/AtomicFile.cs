using System.Text.RegularExpressions;

namespace TransferGuide.Core;

/// <summary>Writes files so that readers see the old file or the new one, never half of one.</summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, flushes it, then renames it over.
    /// The stream is readable and seekable, so a writer may patch lengths in or hash what it wrote. When the disk fills,
    /// the temporary file is removed, the file already at <paramref name="path"/> is left as it was, and a
    /// <see cref="DiskFullException"/> says how much was needed and that the old file is intact.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="expectedBytes">About how large the file will be, for the disk-full message; null when unknown.</param>
    public static void Write(string path, Action<Stream> write, long? expectedBytes = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        long written = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                try
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                finally { written = stream.Length; }
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            if (File.Exists(temp)) File.Delete(temp); // frees the space before the message reports what is free
            throw DiskFullException.For(full, written, expectedBytes, e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes text atomically (UTF-8).</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = System.Text.Encoding.UTF8.GetBytes(text); s.Write(bytes, 0, bytes.Length); });

    /// <summary>
    /// Removes the temporary files a killed writer left in <paramref name="folder"/> (a checkpoint's is 50-190 MB):
    /// those named as <see cref="Write"/> names them whose process no longer runs. Returns each with its size.
    /// </summary>
    public static IReadOnlyList<(string Path, long Bytes)> RemoveOrphans(string folder)
    {
        var removed = new List<(string, long)>();
        if (!Directory.Exists(folder)) return removed;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            var match = TempName().Match(Path.GetFileName(file));
            if (!match.Success || IsRunning(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))) continue;
            long bytes = new FileInfo(file).Length;
            File.Delete(file);
            removed.Add((file, bytes));
        }
        return removed;
    }

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return false; // this process starts the run: nothing of its own is in flight yet
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^.+\.(\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();
}
