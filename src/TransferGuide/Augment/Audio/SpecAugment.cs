using TransferGuide.Data.Audio;

namespace TransferGuide.Augment.Audio;

/// <summary>
/// SpecAugment-style masking (Park et al. 2019) on a spectrogram picture: a few bands of frequency rows and of time
/// columns are set to the picture's mean, so the network cannot lean on any one band or moment. The paper masks with
/// zero on a normalised log-mel, which is its mean; masking with the floor (silence) instead drew black bands darker
/// than any fsdd background, and the network learned the bands (docs/audio.md). Widths are fractions of the
/// picture, drawn uniformly from 0 to the maximum.
/// </summary>
/// <param name="FrequencyMasks">Bands of rows masked.</param>
/// <param name="MaxFrequencyWidth">Widest band, as a fraction of the height.</param>
/// <param name="TimeMasks">Bands of columns masked.</param>
/// <param name="MaxTimeWidth">Widest band, as a fraction of the width.</param>
public sealed record SpecAugment(int FrequencyMasks = 2, double MaxFrequencyWidth = 0.1, int TimeMasks = 2, double MaxTimeWidth = 0.1)
{
    /// <summary>Masks <paramref name="picture"/> (row-major, <paramref name="height"/> x <paramref name="width"/>) in place with its mean value.</summary>
    public void Apply(float[] picture, int height, int width, Random random)
    {
        if (picture.Length != height * width) throw new ArgumentException($"The picture has {picture.Length} values, not {height} x {width}.", nameof(picture));
        if (MaxFrequencyWidth is < 0 or > 1 || MaxTimeWidth is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFrequencyWidth), "Mask widths are fractions of the picture, 0 to 1.");
        float mean = picture.Length == 0 ? 0 : (float)picture.Average();
        for (int m = 0; m < FrequencyMasks; m++)
        {
            var (start, size) = Band(height, MaxFrequencyWidth, random);
            Array.Fill(picture, mean, start * width, size * width);
        }
        for (int m = 0; m < TimeMasks; m++)
        {
            var (start, size) = Band(width, MaxTimeWidth, random);
            for (int r = 0; r < height; r++) Array.Fill(picture, mean, r * width + start, size);
        }
    }

    static (int Start, int Size) Band(int extent, double maxFraction, Random random)
    {
        int size = random.Next((int)Math.Floor(extent * maxFraction) + 1);
        return (random.Next(extent - size + 1), size);
    }
}
