using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Data;

/// <summary>
/// A disk cache of decoded, downsized images (raw RGB, so loading is a file read, not a JPEG decode). An entry
/// is keyed by the file's full path, size, modification time and the cached side, so editing or replacing a
/// photo never serves the old pixels. Safe to delete at any time.
/// </summary>
public sealed class ResizedImageCache
{
    static readonly byte[] Magic = "TGRGB1"u8.ToArray();

    /// <summary>The cache folder.</summary>
    public string Folder { get; }
    /// <summary>Shorter side of the cached copies.</summary>
    public int ShorterSide { get; }

    /// <summary>A cache in <paramref name="folder"/> (created when missing) for copies at <paramref name="shorterSide"/>.</summary>
    public ResizedImageCache(string folder, int shorterSide)
    {
        if (shorterSide < 1) throw new ArgumentOutOfRangeException(nameof(shorterSide));
        Folder = Path.GetFullPath(folder);
        ShorterSide = shorterSide;
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The default place: the kit's cache folder, under images/.</summary>
    public static string DefaultFolder => Path.Combine(DatasetResolver.CacheRoot(), "images");

    /// <summary>The cached copy of <paramref name="source"/>, or null when there is none (or it is stale or damaged).</summary>
    public Image<Rgb24>? TryLoad(string source)
    {
        var entry = EntryPath(source);
        if (entry == null || !File.Exists(entry)) return null;
        try
        {
            var bytes = File.ReadAllBytes(entry);
            if (bytes.Length < Magic.Length + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
            int w = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length)), h = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length + 4));
            int offset = Magic.Length + 8;
            if (w < 1 || h < 1 || bytes.Length != offset + (long)w * h * 3) return null;
            return Image.LoadPixelData<Rgb24>(bytes.AsSpan(offset), w, h);
        }
        catch (IOException) { return null; }
    }

    /// <summary>Stores <paramref name="image"/> as the cached copy of <paramref name="source"/> (written atomically).</summary>
    public void Save(string source, Image<Rgb24> image)
    {
        var entry = EntryPath(source);
        if (entry == null) return;
        var bytes = new byte[Magic.Length + 8 + image.Width * image.Height * 3];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length), image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length + 4), image.Height);
        image.CopyPixelDataTo(bytes.AsSpan(Magic.Length + 8));
        try
        {
            var temp = entry + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, entry, overwrite: true);
        }
        catch (IOException) { } // a full or read-only disk only costs speed
        catch (UnauthorizedAccessException) { }
    }

    string? EntryPath(string source)
    {
        var info = new FileInfo(source);
        if (!info.Exists) return null;
        var key = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{ShorterSide}";
        return Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".rgb");
    }
}
