namespace TransferGuide.Core;

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
