namespace TransferGuide.Data;

/// <summary>
/// Checks that a JPEG or PNG file is whole. ImageSharp 2.1 decodes a JPEG cut short without an error (the missing
/// rows come out gray) and only a header is read when a folder is scanned, so a half-copied photo would be counted
/// usable and trained on. A whole JPEG ends its main scan with an end-of-image marker (FF D9); a whole PNG ends
/// with an IEND chunk. Only the headers and the last few kilobytes are read, so scanning a folder stays cheap.
/// </summary>
public static class ImageIntegrity
{
    /// <summary>How much of the file's end is searched for the end marker before the whole scan is read.</summary>
    const int TailBytes = 64 * 1024;

    /// <summary>Why the file is cut short, or null when it is whole (or a format this check does not cover).</summary>
    public static string? Truncation(string path, string format)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return Truncation(stream, format);
    }

    /// <summary>As <see cref="Truncation(string, string)"/>, on a seekable stream.</summary>
    public static string? Truncation(Stream stream, string format) => format switch
    {
        "JPEG" => JpegEndsWhole(stream) ? null : "truncated JPEG: the data stops before the end-of-image marker; copy the file again",
        "PNG" => PngEndsWhole(stream) ? null : "truncated PNG: the file stops before its IEND chunk; copy the file again",
        _ => null,
    };

    /// <summary>
    /// Walks the marker segments from the start of the file to the main image's start-of-scan (FF DA), skipping each
    /// segment by its length so that an EXIF thumbnail, a whole JPEG inside APP1, is never mistaken for the image;
    /// then looks for FF D9 after it. Entropy-coded data stuffs every FF byte, so the pair cannot occur by chance.
    /// </summary>
    static bool JpegEndsWhole(Stream s)
    {
        long length = s.Length;
        s.Position = 0;
        if (s.ReadByte() != 0xFF || s.ReadByte() != 0xD8) return true; // not a JPEG start: the header check reports it
        long scan = -1;
        while (s.Position + 4 <= length)
        {
            if (s.ReadByte() != 0xFF) return false; // a segment boundary that is not a marker: damaged or cut in the header
            int marker = s.ReadByte();
            while (marker == 0xFF) marker = s.ReadByte(); // fill bytes
            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7) or 0x01) continue; // markers without a length
            int segment = (s.ReadByte() << 8) | s.ReadByte();
            if (segment < 2) return false;
            if (marker == 0xDA) { scan = s.Position + segment - 2; break; }
            s.Position += segment - 2;
        }
        if (scan < 0 || scan > length) return false;
        return LastMarkerAfter(s, scan, [0xFF, 0xD9]);
    }

    static bool PngEndsWhole(Stream s) => s.Length > 8 && LastMarkerAfter(s, 8, "IEND"u8.ToArray());

    /// <summary>Whether <paramref name="marker"/> occurs at or after <paramref name="from"/>: the tail first, then the rest.</summary>
    static bool LastMarkerAfter(Stream s, long from, byte[] marker)
    {
        long tailStart = Math.Max(from, s.Length - TailBytes);
        if (Contains(s, tailStart, s.Length, marker)) return true;
        // Rare: trailing data longer than the tail after the marker (some cameras append a preview). Read the rest.
        return tailStart > from && Contains(s, from, tailStart + marker.Length - 1, marker);
    }

    static bool Contains(Stream s, long start, long end, byte[] marker)
    {
        end = Math.Min(end, s.Length);
        var buffer = new byte[Math.Max(marker.Length, (int)Math.Min(1 << 20, end - start))];
        for (long at = start; at < end;)
        {
            s.Position = at;
            int want = (int)Math.Min(buffer.Length, end - at);
            int got = s.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (got < marker.Length) return false;
            if (buffer.AsSpan(0, got).IndexOf(marker) >= 0) return true;
            if (at + got >= end) return false;
            at += got - (marker.Length - 1); // overlap so a marker split across reads is still found
        }
        return false;
    }
}
