using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Evaluation.Interpretability;

/// <summary>Colour maps, heatmap overlays, boxes and PNG data URIs for showing maps and tensors as pictures.</summary>
public static class HeatmapOverlay
{
    /// <summary>A jet-like colour map: 0 is dark blue, 0.5 green-yellow, 1 red.</summary>
    public static Rgb24 Jet(float v)
    {
        v = Math.Clamp(v, 0f, 1f);
        static byte C(float x) => (byte)Math.Clamp((int)Math.Round(255 * Math.Clamp(x, 0f, 1f)), 0, 255);
        return new Rgb24(C(1.5f - Math.Abs(4 * v - 3)), C(1.5f - Math.Abs(4 * v - 2)), C(1.5f - Math.Abs(4 * v - 1)));
    }

    /// <summary>
    /// The image with the map blended over it. Opacity grows with the map's value, so cold areas show the photo
    /// and hot areas show the colour.
    /// </summary>
    public static Image<Rgb24> Overlay(Image<Rgb24> image, float[] map, int size, double maxOpacity = 0.6)
    {
        if (image.Width != size || image.Height != size)
            throw new ArgumentException($"The map is {size}x{size} but the image is {image.Width}x{image.Height}; overlay the crop the map was made on.");
        var result = image.Clone();
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float v = map[y * size + x];
                var c = Jet(v);
                var p = result[x, y];
                double a = maxOpacity * (0.25 + 0.75 * v);
                result[x, y] = new Rgb24(Mix(p.R, c.R, a), Mix(p.G, c.G, a), Mix(p.B, c.B, a));
            }
        return result;
    }

    /// <summary>Draws a rectangle outline (in place), e.g. a hand-drawn box around the object.</summary>
    public static void DrawBox(Image<Rgb24> image, Box box, Rgb24 colour, int thickness = 2)
    {
        int l = (int)Math.Round(box.Left), t = (int)Math.Round(box.Top), r = (int)Math.Round(box.Right) - 1, b = (int)Math.Round(box.Bottom) - 1;
        for (int k = 0; k < thickness; k++)
        {
            for (int x = l; x <= r; x++) { Set(image, x, t + k, colour); Set(image, x, b - k, colour); }
            for (int y = t; y <= b; y++) { Set(image, l + k, y, colour); Set(image, r - k, y, colour); }
        }
    }

    /// <summary>A single-channel map (any range) as a colour image, scaled to [min, max] of the values.</summary>
    public static Image<Rgb24> FromValues(ReadOnlySpan<float> values, int width, int height)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        float range = max > min ? max - min : 1;
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) image[x, y] = Jet((values[y * width + x] - min) / range);
        return image;
    }

    /// <summary>Tiles equally sized images into a grid with a gap between them.</summary>
    public static Image<Rgb24> Grid(IReadOnlyList<Image<Rgb24>> tiles, int columns, int gap = 2)
    {
        if (tiles.Count == 0) throw new ArgumentException("No tiles to arrange.", nameof(tiles));
        int w = tiles[0].Width, h = tiles[0].Height, rows = (tiles.Count + columns - 1) / columns;
        var grid = new Image<Rgb24>(columns * w + (columns - 1) * gap, rows * h + (rows - 1) * gap, new Rgb24(255, 255, 255));
        for (int i = 0; i < tiles.Count; i++)
        {
            var tile = tiles[i];
            grid.Mutate(m => m.DrawImage(tile, new Point((i % columns) * (w + gap), (i / columns) * (h + gap)), 1f));
        }
        return grid;
    }

    /// <summary>The image as a <c>data:image/png;base64,…</c> URI, to embed in HTML or a Plotly image trace.</summary>
    public static string ToDataUri(Image<Rgb24> image) => image.ToBase64String(PngFormat.Instance);

    static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a * (1 - t) + b * t);

    static void Set(Image<Rgb24> image, int x, int y, Rgb24 colour)
    {
        if (x >= 0 && y >= 0 && x < image.Width && y < image.Height) image[x, y] = colour;
    }
}
