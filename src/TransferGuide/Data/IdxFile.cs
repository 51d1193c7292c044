using System.Buffers.Binary;
using System.IO.Compression;

namespace TransferGuide.Data;

/// <summary>An unsigned-byte IDX array: its shape and its values in row-major order.</summary>
/// <param name="Shape">Dimension sizes, e.g. [60000, 28, 28] for images or [60000] for labels.</param>
/// <param name="Data">All values, row-major.</param>
public sealed record IdxArray(int[] Shape, byte[] Data)
{
    /// <summary>Number of entries along the first dimension (images or labels).</summary>
    public int Count => Shape[0];

    /// <summary>Values per entry (28 × 28 = 784 for MNIST images, 1 for labels).</summary>
    public int ItemSize => Shape.Skip(1).Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (gzipped or not): a magic number (two zero bytes, a
/// type code, the number of dimensions), the big-endian dimension sizes, then the values. Only unsigned
/// bytes (type 0x08) are read, which is what the MNIST family uses.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads <paramref name="path"/>; a <c>.gz</c> name, or gzip's magic bytes, means gzipped.</summary>
    /// <exception cref="InvalidDataException">The file is not IDX, not unsigned bytes, or shorter than its header says.</exception>
    public static IdxArray Read(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file {path} does not exist.", path);
        try
        {
            using var file = File.OpenRead(path);
            bool gzipped = file.Length >= 2 && file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
            file.Position = 0;
            using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own message does not say which file.
            throw new InvalidDataException($"{path}: the gzip data is corrupt ({e.Message}). Reinstall or re-download the file.");
        }
    }

    /// <summary>Reads IDX from an open stream; <paramref name="origin"/> names it in errors.</summary>
    public static IdxArray Read(Stream stream, string origin)
    {
        var magic = new byte[4];
        if (!ReadFully(stream, magic))
            throw new InvalidDataException($"{origin}: too short to be an IDX file (no 4-byte header). Reinstall or re-download it.");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException($"{origin}: not an IDX file (it starts with {Convert.ToHexString(magic)}, an IDX file with 0000). " +
                                           "Point at the MNIST-style *-ubyte(.gz) files.");
        if (magic[2] != 0x08)
            throw new InvalidDataException($"{origin}: IDX type 0x{magic[2]:X2} is not supported; only unsigned bytes (0x08) are read.");
        int dims = magic[3];
        if (dims is < 1 or > 4) throw new InvalidDataException($"{origin}: an IDX header with {dims} dimensions is not plausible. The file is corrupt.");
        var header = new byte[4 * dims];
        if (!ReadFully(stream, header)) throw new InvalidDataException($"{origin}: the header stops before its {dims} dimension sizes. The file is truncated.");
        var shape = new int[dims];
        long total = 1;
        for (int d = 0; d < dims; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * d));
            if (shape[d] < 0) throw new InvalidDataException($"{origin}: dimension {d} has negative size {shape[d]}. The file is corrupt.");
            total *= shape[d];
        }
        if (total > int.MaxValue) throw new InvalidDataException($"{origin}: {total} values are more than this reader holds in memory.");
        var data = new byte[total];
        if (!ReadFully(stream, data, out int got))
            throw new InvalidDataException($"{origin}: the header promises {total} values ({string.Join("x", shape)}) but the file holds {got}. " +
                                           "The file is truncated; reinstall or re-download it.");
        return new IdxArray(shape, data);
    }

    /// <summary>Writes an unsigned-byte IDX file, gzipped when the name ends in .gz (for fixtures and exports).</summary>
    public static void Write(string path, IdxArray array)
    {
        using var file = File.Create(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write([0, 0, 0x08, (byte)array.Shape.Length]);
        var size = new byte[4];
        foreach (var d in array.Shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, d);
            stream.Write(size);
        }
        stream.Write(array.Data);
    }

    static bool ReadFully(Stream stream, byte[] buffer) => ReadFully(stream, buffer, out _);

    static bool ReadFully(Stream stream, byte[] buffer, out int read)
    {
        read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
