using System.Numerics;
using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Data;

/// <summary>
/// What the cleaning report compares: the file's SHA-256 (exact duplicates), two perceptual hashes that
/// survive re-encoding and resizing (near duplicates), and a 16x16 gray thumbnail that confirms a hash match
/// by pixel difference, so that two different photos that happen to hash alike are not reported.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Sha256">SHA-256 of the bytes, lower-case hex.</param>
/// <param name="DHash">Difference hash: 8 rows x 8 left/right gradients of a 9x8 gray copy.</param>
/// <param name="PHash">DCT hash: the 8x8 lowest frequencies of a 32x32 gray copy, each above or below their median.</param>
/// <param name="Thumbnail">16x16 gray pixels, row by row.</param>
/// <param name="Width">Width after EXIF orientation.</param>
/// <param name="Height">Height after EXIF orientation.</param>
public sealed record ImageFingerprint(string Path, string Sha256, ulong DHash, ulong PHash, byte[] Thumbnail, int Width, int Height)
{
    /// <summary>Side of <see cref="Thumbnail"/>.</summary>
    public const int ThumbnailSide = 16;

    /// <summary>Reads and fingerprints a file, or throws <see cref="ImageDecodeException"/> naming it.</summary>
    public static ImageFingerprint Compute(string path, long maxPixels = ImageDecoder.DefaultMaxPixels)
    {
        string sha;
        try { sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))); }
        catch (IOException e) { throw new ImageDecodeException(path, "could not read the file: " + e.Message, e); }
        using var image = ImageDecoder.LoadRgb(path, maxPixels);
        return FromImage(path, sha, image);
    }

    /// <summary>Fingerprints an already decoded image.</summary>
    public static ImageFingerprint FromImage(string path, string sha256, Image<Rgb24> image)
    {
        // One downscale to 32x32 feeds all three: cheap, and the hashes only need coarse structure.
        using var small = image.Clone(m => m.Resize(32, 32, KnownResamplers.Box));
        var gray = Gray(small);
        return new ImageFingerprint(path, sha256, DifferenceHash(gray), DctHash(gray), Thumb(gray), image.Width, image.Height);
    }

    /// <summary>Bits that differ between two hashes (0..64).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Mean absolute difference of two thumbnails, on the 0..255 scale.</summary>
    public static double ThumbnailDifference(ImageFingerprint a, ImageFingerprint b)
    {
        int sum = 0;
        for (int i = 0; i < a.Thumbnail.Length; i++) sum += Math.Abs(a.Thumbnail[i] - b.Thumbnail[i]);
        return (double)sum / a.Thumbnail.Length;
    }

    static float[,] Gray(Image<Rgb24> small)
    {
        var g = new float[32, 32];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                var p = small[x, y];
                g[y, x] = 0.299f * p.R + 0.587f * p.G + 0.114f * p.B;
            }
        return g;
    }

    // Box-averages the 32x32 copy down to w x h.
    static float[,] Pool(float[,] g, int w, int h)
    {
        var r = new float[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int x0 = x * 32 / w, x1 = Math.Max(x0 + 1, (x + 1) * 32 / w), y0 = y * 32 / h, y1 = Math.Max(y0 + 1, (y + 1) * 32 / h);
                float s = 0;
                for (int yy = y0; yy < y1; yy++) for (int xx = x0; xx < x1; xx++) s += g[yy, xx];
                r[y, x] = s / ((x1 - x0) * (y1 - y0));
            }
        return r;
    }

    static ulong DifferenceHash(float[,] g)
    {
        // 9 columns would not divide 32 evenly; interpolate columns from the 32-wide rows instead.
        var rows = Pool(g, 32, 8);
        ulong hash = 0; int bit = 0;
        Span<float> cols = stackalloc float[9];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 9; x++)
            {
                float pos = x * 31f / 8, frac = pos - MathF.Floor(pos);
                int i = (int)pos;
                cols[x] = i >= 31 ? rows[y, 31] : rows[y, i] * (1 - frac) + rows[y, i + 1] * frac;
            }
            for (int x = 0; x < 8; x++, bit++)
                if (cols[x] > cols[x + 1]) hash |= 1UL << bit;
        }
        return hash;
    }

    static readonly double[,] Cos = BuildCos();

    static double[,] BuildCos()
    {
        var c = new double[8, 32];
        for (int u = 0; u < 8; u++)
            for (int x = 0; x < 32; x++)
                c[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / 64);
        return c;
    }

    static ulong DctHash(float[,] g)
    {
        // Separable 2D DCT-II, only the 8x8 lowest frequencies.
        var rowsT = new double[32, 8];
        for (int y = 0; y < 32; y++)
            for (int u = 0; u < 8; u++)
            {
                double s = 0;
                for (int x = 0; x < 32; x++) s += g[y, x] * Cos[u, x];
                rowsT[y, u] = s;
            }
        var coeffs = new double[64];
        for (int v = 0; v < 8; v++)
            for (int u = 0; u < 8; u++)
            {
                double s = 0;
                for (int y = 0; y < 32; y++) s += rowsT[y, u] * Cos[v, y];
                coeffs[v * 8 + u] = s;
            }
        // The DC term is the mean brightness; leave it out of the median so it cannot skew the split. This threshold
        // is part of the hash's definition, not a statistic: it stays as it is (not Core.Median, which would take
        // sorted[31] of these 63), because changing it would move every hash and the near-duplicate distances.
        var sorted = coeffs.Skip(1).Order().ToArray();
        double median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        for (int i = 1; i < 64; i++) if (coeffs[i] > median) hash |= 1UL << i;
        return hash;
    }

    static byte[] Thumb(float[,] g)
    {
        var t = Pool(g, ThumbnailSide, ThumbnailSide);
        var bytes = new byte[ThumbnailSide * ThumbnailSide];
        for (int y = 0; y < ThumbnailSide; y++)
            for (int x = 0; x < ThumbnailSide; x++)
                bytes[y * ThumbnailSide + x] = (byte)Math.Clamp(MathF.Round(t[y, x]), 0, 255);
        return bytes;
    }
}
