using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TransferGuide.Models;

namespace TransferGuide.Data;

/// <summary>Turns an RGB image into the normalised channels-first floats a model takes.</summary>
public static class PixelTensor
{
    /// <summary>
    /// Writes <c>3 × H × W</c> floats into <paramref name="destination"/>, in the preprocessing's channel
    /// order, as <c>(pixel * Scale - Mean) / Std</c>.
    /// </summary>
    public static void WriteChw(Image<Rgb24> image, Preprocessing p, Span<float> destination)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        if (destination.Length < 3 * plane)
            throw new ArgumentException($"Destination holds {destination.Length} floats; a {w}x{h} image needs {3 * plane}.");
        // Fold scale, mean and std into one multiply-add per channel.
        Span<float> mul = stackalloc float[3], add = stackalloc float[3];
        for (int c = 0; c < 3; c++) { mul[c] = p.Scale / p.Std[c]; add[c] = -p.Mean[c] / p.Std[c]; }
        int r = p.IsBgr ? 2 : 0, b = p.IsBgr ? 0 : 2;
        var red = destination.Slice(r * plane, plane);
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(b * plane, plane);
        float mr = mul[r], ar = add[r], mg = mul[1], ag = add[1], mb = mul[b], ab = add[b];
        var pixels = new Rgb24[plane];
        image.CopyPixelDataTo(pixels);
        for (int i = 0; i < plane; i++)
        {
            var px = pixels[i];
            red[i] = px.R * mr + ar;
            green[i] = px.G * mg + ag;
            blue[i] = px.B * mb + ab;
        }
    }

    /// <summary>
    /// The inverse of <see cref="WriteChw"/>: normalised channels-first floats back to an RGB image, rounded and
    /// clamped to 0..255 (mixed or erased batches may step outside).
    /// </summary>
    public static Image<Rgb24> ToImage(ReadOnlySpan<float> chw, int width, int height, Preprocessing p)
    {
        int plane = width * height;
        if (chw.Length < 3 * plane)
            throw new ArgumentException($"{chw.Length} floats cannot hold a {width}x{height} image ({3 * plane} needed).");
        int r = p.IsBgr ? 2 : 0, b = p.IsBgr ? 0 : 2;
        var pixels = new Rgb24[plane];
        for (int i = 0; i < plane; i++)
            pixels[i] = new Rgb24(Back(chw[r * plane + i], r), Back(chw[plane + i], 1), Back(chw[b * plane + i], b));
        return Image.LoadPixelData<Rgb24>(pixels, width, height);

        byte Back(float v, int c) => (byte)Math.Clamp(Math.Round((v * p.Std[c] + p.Mean[c]) / p.Scale), 0, 255);
    }
}
