namespace TransferGuide.Training;

/// <summary>Pooled features of a set of items, row-major <c>Count × Dim</c>, with labels and file paths.</summary>
/// <param name="Features">Row-major features.</param>
/// <param name="Dim">Width of one feature vector.</param>
/// <param name="Labels">Class index of each row.</param>
/// <param name="Paths">The file of each row, so errors and galleries can point at images.</param>
public sealed record FeatureSet(float[] Features, int Dim, int[] Labels, string[] Paths)
{
    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Dim, Dim);
}
