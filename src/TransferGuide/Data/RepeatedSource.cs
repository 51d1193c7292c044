namespace TransferGuide.Data;

/// <summary>
/// A batch source that serves every item of another <paramref name="inner"/> source <paramref name="times"/> times per
/// epoch, each time at a new place in the shuffled order. A few-label run (16 texts: one step an epoch) then takes
/// the same number of steps in fewer, longer epochs, so it validates (and checkpoints) every few steps rather than
/// after every one. Item <c>i</c> is the inner item <c>i % inner.Count</c>.
/// </summary>
public sealed class RepeatedSource(IBatchSource inner, int times) : IBatchSource
{
    readonly IBatchSource _inner = times >= 1 ? inner : throw new ArgumentOutOfRangeException(nameof(times), times, "Repeat at least once.");

    /// <summary>How many times each item comes per epoch.</summary>
    public int Times { get; } = times;

    /// <inheritdoc />
    public int Count => _inner.Count * Times;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels ??= Enumerable.Range(0, Count).Select(i => _inner.Labels[i % _inner.Count]).ToArray();
    int[]? _labels;

    /// <inheritdoc />
    public IEnumerable<Batch> Batches(int[] order, int batchSize, int seed, int epoch, int skipBatches = 0) =>
        _inner.Batches(order.Select(i => i % _inner.Count).ToArray(), batchSize, seed, epoch, skipBatches);

    /// <summary>The repeats that give an epoch of at least <paramref name="minSteps"/> batches of <paramref name="batchSize"/> from <paramref name="items"/> items (1 when it already has them).</summary>
    public static int TimesFor(int items, int batchSize, int minSteps) =>
        items <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling((double)minSteps * batchSize / items));

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
