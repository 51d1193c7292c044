namespace TransferGuide.Training;

/// <summary>Writes files so that readers see the old file or the new one, never half of one.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, flushes it, then renames it over.
    /// The stream is readable and seekable, so a writer may patch lengths in or hash what it wrote.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes text atomically (UTF-8).</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = System.Text.Encoding.UTF8.GetBytes(text); s.Write(bytes, 0, bytes.Length); });
}
