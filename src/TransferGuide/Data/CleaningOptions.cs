namespace TransferGuide.Data;

/// <summary>
/// Thresholds of the data-cleaning report. The defaults were tuned on oxford_flowers17: its 66 known
/// near-duplicate pairs all hash at DCT-hash distance 0, difference-hash distance at most 1 and thumbnail
/// difference at most 1.6, while the closest unrelated pairs sit at DCT-hash distance 8 and beyond.
/// </summary>
/// <param name="MaxPHashDistance">Largest DCT-hash distance (of 64 bits) for a near duplicate.</param>
/// <param name="MaxDHashDistance">Largest difference-hash distance (of 64 bits) for a near duplicate.</param>
/// <param name="MaxThumbnailDifference">Largest mean absolute difference of the 16x16 gray thumbnails (0..255): confirms a hash match.</param>
/// <param name="MinSide">Images with a shorter side below this are listed as tiny.</param>
/// <param name="MaxPixels">Pixel cap while decoding (decompression bombs).</param>
/// <param name="Workers">Decoding threads (null: one per core).</param>
public sealed record CleaningOptions(
    int MaxPHashDistance = 4,
    int MaxDHashDistance = 8,
    double MaxThumbnailDifference = 4.0,
    int MinSide = 32,
    long MaxPixels = ImageDecoder.DefaultMaxPixels,
    int? Workers = null);
