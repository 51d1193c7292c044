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

/// <summary>Progress of long work that goes item by item.</summary>
/// <param name="Stage">What is running, e.g. "features train".</param>
/// <param name="Done">Items done.</param>
/// <param name="Total">Items in all.</param>
/// <param name="ItemsPerSecond">Rate over this run (resumed items excluded).</param>
public sealed record WorkProgress(string Stage, int Done, int Total, double ItemsPerSecond);

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once, on the reporting thread
/// (<see cref="Progress{T}"/> posts to the thread pool, so reports can arrive late and out of order).
/// </summary>
public sealed class ActionProgress<T>(Action<T> action) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => action(value);
}
