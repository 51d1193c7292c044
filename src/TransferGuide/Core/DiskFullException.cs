namespace TransferGuide.Core;

/// <summary>
/// The disk filled while a file was being written. The message gives the bytes needed and free, says that the file
/// already in place (the last checkpoint) is intact, and names the fix: free space or write elsewhere (<c>--runs</c>).
/// </summary>
public sealed class DiskFullException(string message, string path, long bytesNeeded, Exception inner) : IOException(message, inner)
{
    /// <summary>The file that could not be written.</summary>
    public string Path { get; } = path;
    /// <summary>At least this many bytes are needed on that disk.</summary>
    public long BytesNeeded { get; } = bytesNeeded;

    /// <summary>Whether <paramref name="e"/> is "no space left on device" (ENOSPC, or ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows).</summary>
    public static bool IsDiskFull(IOException e) =>
        e is not DiskFullException && ((e.HResult & 0xFFFF) is 28 or 0x27 or 0x70 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the message for <paramref name="path"/> after <paramref name="written"/> bytes went to disk.</summary>
    internal static DiskFullException For(string path, long written, long? expected, IOException inner)
    {
        var existing = new FileInfo(path);
        // The same model writes about the same size each time, so the file in place is the best estimate.
        long needed = Math.Max(written, Math.Max(expected ?? 0, existing.Exists ? existing.Length : 0));
        long? free = null;
        try { free = new DriveInfo(System.IO.Path.GetDirectoryName(path)!).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { }
        var intact = existing.Exists
            ? $"The previous {existing.Name} ({existing.Length:N0} bytes, written {existing.LastWriteTimeUtc:yyyy-MM-dd HH:mm:ss} UTC) is intact: nothing was overwritten."
            : $"No earlier {existing.Name} was there, so nothing saved was lost.";
        return new DiskFullException(
            $"No space left on the disk of {System.IO.Path.GetDirectoryName(path)} while writing {existing.Name}: it needs about {needed:N0} bytes" +
            $"{(needed > written ? $" ({written:N0} were written before the disk filled)" : "")}" +
            $"{(free is { } f ? $" and {f:N0} bytes are free" : "")}. {intact} " +
            "Free some space there, or pass --runs DIR with a folder on a disk that has room.", path, needed, inner);
    }
}
