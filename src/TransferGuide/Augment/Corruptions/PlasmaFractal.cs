namespace TransferGuide.Augment.Corruptions;

/// <summary>
/// The plasma fractal of ImageNet-C's fog (diamond-square, as its <c>plasma_fractal</c>): a square map whose side is
/// a power of two, each finer level the mean of its neighbours plus a random jitter that shrinks by
/// <c>decay</c> per level, scaled to 0..1. Every jitter comes from the given <see cref="Random"/>, in a fixed order.
/// </summary>
internal static class PlasmaFractal
{
    /// <summary>The side ImageNet-C draws its map at.</summary>
    public const int ReferenceSize = 256;

    /// <summary>
    /// A <paramref name="size"/> x <paramref name="size"/> map (rows first) with values in 0..1. The jitter of the
    /// level 256 pixels apart is ImageNet-C's (100), so a larger map only adds coarser levels above it.
    /// </summary>
    public static double[,] Generate(int size, double decay, Random random)
    {
        if (size < 2 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The map side must be a power of two, at least 2.");
        var map = new double[size, size];
        double wibble = 100 * Math.Pow(decay, Math.Log2(Math.Max(1.0, size / (double)ReferenceSize)));
        for (int step = size; step >= 2; step /= 2, wibble /= decay)
        {
            int half = step / 2, n = size / step;
            // Squares: each centre is the mean of its four corners (wrapping round), plus jitter.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = map[i * step, j * step] + map[(i + 1) % n * step, j * step]
                               + map[i * step, (j + 1) % n * step] + map[(i + 1) % n * step, (j + 1) % n * step];
                    map[half + i * step, half + j * step] = Jittered(sum, wibble, random);
                }
            // Diamonds: each edge midpoint is the mean of the two centres and two corners beside it, plus jitter
            // (midpoints read only centres and corners, so the order of writing does not matter; that of drawing does).
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    map[i * step, half + j * step] = Jittered(map[half + i * step, half + j * step] + map[half + (i - 1 + n) % n * step, half + j * step]
                                                            + map[i * step, j * step] + map[i * step, (j + 1) % n * step], wibble, random);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    map[half + i * step, j * step] = Jittered(map[half + i * step, half + j * step] + map[half + i * step, half + (j - 1 + n) % n * step]
                                                            + map[i * step, j * step] + map[(i + 1) % n * step, j * step], wibble, random);
        }
        double min = double.MaxValue, max = double.MinValue;
        foreach (double v in map) { min = Math.Min(min, v); max = Math.Max(max, v); }
        double range = max - min;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                map[y, x] = range > 0 ? (map[y, x] - min) / range : 0;
        return map;
    }

    /// <summary>The mean of four values plus the reference's jitter, <c>wibble * uniform(-wibble, wibble)</c>.</summary>
    static double Jittered(double sumOfFour, double wibble, Random random) =>
        sumOfFour / 4 + wibble * (-wibble + 2 * wibble * random.NextDouble());
}
