namespace TransferGuide.Data;

/// <summary>Two files with the same content (exact) or nearly the same picture (near).</summary>
/// <param name="PathA">First file (in path order).</param>
/// <param name="PathB">Second file.</param>
/// <param name="SplitA">Split of the first.</param>
/// <param name="SplitB">Split of the second.</param>
/// <param name="ClassA">Class of the first.</param>
/// <param name="ClassB">Class of the second.</param>
/// <param name="Kind">"exact" (same bytes) or "near" (same picture, other bytes).</param>
/// <param name="PHashDistance">DCT-hash bits that differ.</param>
/// <param name="DHashDistance">Difference-hash bits that differ.</param>
/// <param name="ThumbnailDifference">Mean absolute difference of the 16x16 gray thumbnails (0..255).</param>
public sealed record DuplicatePair(string PathA, string PathB, string SplitA, string SplitB, string ClassA, string ClassB,
    string Kind, int PHashDistance, int DHashDistance, double ThumbnailDifference)
{
    /// <summary>Kind of a byte-identical pair.</summary>
    public const string Exact = "exact";
    /// <summary>Kind of a perceptually identical pair.</summary>
    public const string Near = "near";

    /// <summary>The two files sit in different splits: a held-out result that includes one is inflated.</summary>
    public bool CrossSplit => SplitA != SplitB;

    /// <summary>The two copies carry different labels: at least one label is wrong.</summary>
    public bool LabelConflict => ClassA != ClassB;
}

/// <summary>An image smaller than the report's minimum side.</summary>
/// <param name="Path">The file.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record TinyImage(string Path, int Width, int Height);
